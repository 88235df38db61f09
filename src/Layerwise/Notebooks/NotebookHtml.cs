using System.Net;
using Layerwise.Analysis;
using Layerwise.Audio;
using Layerwise.Data.Demo;
using Layerwise.Features;

namespace Layerwise.Notebooks;

/// <summary>Small HTML outputs for notebooks that are not charts.</summary>
public static class NotebookHtml
{
    /// <summary>
    /// An inline audio player for <paramref name="path"/> (any readable format): mono, resampled to
    /// <paramref name="sampleRate"/> and cut to <paramref name="maxSeconds"/>, embedded as a 16-bit WAV data URI, so
    /// the notebook stays playable on GitHub and small (2 s at 8 kHz ≈ 43 kB).
    /// </summary>
    public static string AudioPlayer(string path, string? caption = null, double maxSeconds = 2.0, int sampleRate = 8000)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSeconds);
        float[] mono = AudioFile.ReadMono(path, sampleRate);
        int n = (int)Math.Min(mono.Length, Math.Round(maxSeconds * sampleRate));
        var pcm = new short[n];
        for (int i = 0; i < n; i++)
            pcm[i] = (short)Math.Clamp(Math.Round(mono[i] * 32767.0), -32768, 32767);
        string data = Convert.ToBase64String(DemoWav.Encode(pcm, sampleRate));
        string label = WebUtility.HtmlEncode(caption ?? Path.GetFileName(path));
        return $"<figure style=\"margin:4px 0\"><figcaption style=\"font-family:monospace\">{label}</figcaption>"
            + $"<audio controls src=\"data:audio/wav;base64,{data}\"></audio></figure>";
    }

    /// <summary>A progress bar for a download or extraction (<paramref name="total"/> null: size unknown).</summary>
    public static string ProgressBar(string label, long done, long? total)
    {
        string text = WebUtility.HtmlEncode(label);
        if (total is > 0)
        {
            double pct = Math.Clamp(100.0 * done / total.Value, 0, 100);
            return $"<div style=\"font-family:monospace\">{text}: {Mb(done)} / {Mb(total.Value)} MB "
                + $"<progress max=\"100\" value=\"{pct.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)}\"></progress></div>";
        }
        return $"<div style=\"font-family:monospace\">{text}: {Mb(done)} MB <progress></progress></div>";
    }

    static string Mb(long bytes) => (bytes / 1e6).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A progress bar for feature extraction, with the ETA.</summary>
    public static string ExtractionBar(ExtractionProgress p)
    {
        double pct = 100 * p.Fraction;
        string eta = p.Eta is { } e ? $", ETA {e.TotalSeconds:0} s" : "";
        return $"<div style=\"font-family:monospace\">features {WebUtility.HtmlEncode(p.Dataset)}: {p.Done}/{p.Total} "
            + $"({p.Computed} computed, {p.Skipped} cached{eta}) "
            + $"<progress max=\"100\" value=\"{pct.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)}\"></progress></div>";
    }

    /// <summary>An <see cref="IProgress{T}"/> that reports synchronously on the calling thread (unlike
    /// <see cref="Progress{T}"/>, which posts to a synchronisation context and may arrive after the cell ends).</summary>
    public static IProgress<T> Progress<T>(Action<T> report) => new SyncProgress<T>(report);

    sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    /// <summary>Extraction progress rendered by <see cref="ExtractionBar"/> and handed to <paramref name="update"/>
    /// (e.g. a displayed value's Update) at most every <paramref name="seconds"/> s, plus the final state, so headless
    /// runs, which record every update, stay short.</summary>
    public static IProgress<ExtractionProgress> ExtractionProgress(Action<string> update, double seconds = 5)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        double last = double.NegativeInfinity;
        return Progress<ExtractionProgress>(p =>
        {
            double now = clock.Elapsed.TotalSeconds;
            if (p.Done < p.Total && now - last < seconds)
                return;
            last = now;
            update(ExtractionBar(p));
        });
    }
}
