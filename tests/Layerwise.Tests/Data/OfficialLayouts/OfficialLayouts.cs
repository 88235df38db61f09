using Layerwise.Data.Demo;

namespace Layerwise.Tests.Data;

/// <summary>
/// Builds, inside the tests, a data home of miniature replicas of the official dataset archives: one folder per catalog
/// id, each laid out as its archive extracts (folder and file names, protocol formats, FLAC where the archive ships
/// FLAC and WAV where it ships WAV; sources in /work/shared/reference/paper-and-datasets.md section 4). The readers are
/// the code under test, so the layouts follow the archives, never the readers. Deliberate defects the tests rely on:
/// protocol entries whose audio file is absent (one per dataset that has a protocol; see each builder) and protocols
/// written with CRLF line ends (LA19 train, the In-the-Wild meta.csv) as a copy edited on Windows has them.
/// Clips are 16 kHz mono 16-bit, 0.5 to 0.64 s: long enough for the SSL front-end's CNN, small enough to stay fast.
/// </summary>
internal static partial class OfficialLayouts
{
    public static readonly string[] DatasetIds =
        ["asvspoof2019-la", "asvspoof2021-la", "asvspoof2021-df", "in-the-wild", "add2023", "habla", "partialspoof", "had", "scenefake", "ctrsvdd"];

    const int SampleRate = 16000;

    /// <summary>Writes every dataset's replica into <paramref name="home"/> (which must not hold them yet).</summary>
    public static void Build(string home)
    {
        var w = new Writer(home, new Counter());
        Asvspoof2019La(w.In("asvspoof2019-la"));
        Asvspoof2021La(w.In("asvspoof2021-la"));
        Asvspoof2021Df(w.In("asvspoof2021-df"));
        InTheWild(w.In("in-the-wild"));
        Add2023(w.In("add2023"));
        Habla(w.In("habla"));
        PartialSpoof(w.In("partialspoof"));
        Had(w.In("had"));
        SceneFake(w.In("scenefake"));
        CtrSvdd(w.In("ctrsvdd"));
    }

    /// <summary>Writes files below one dataset folder; clips are deterministic (a tone and a little noise, a different
    /// tone for every clip, so no two files are equal).</summary>
    internal sealed class Writer(string root, Counter counter)
    {
        public string Root { get; } = root;

        public Writer In(string folder) => new(Path.Combine(Root, folder), counter);

        /// <summary>Protocol lines, each ended by LF (or CRLF), as the archives' text files are.</summary>
        public void Text(string relative, IEnumerable<string> lines, bool crlf = false)
        {
            string eol = crlf ? "\r\n" : "\n";
            File.WriteAllText(Full(relative), string.Concat(lines.Select(l => l + eol)));
        }

        public void Bytes(string relative, byte[] bytes) => File.WriteAllBytes(Full(relative), bytes);

        /// <summary>A clip at <paramref name="relative"/>, FLAC or WAV by its extension; 0.50, 0.55 or 0.60 s unless given.</summary>
        public void Clip(string relative, int? samples = null)
        {
            int k = counter.Next();
            int n = samples ?? 8000 + 800 * (k % 3);
            var random = new Random(k);
            double hz = 150 + 23 * k;
            var x = new short[n];
            for (int i = 0; i < n; i++)
                x[i] = (short)Math.Round(6000 * Math.Sin(2 * Math.PI * hz * i / SampleRate) + random.Next(-600, 600));
            Bytes(relative, relative.EndsWith(".flac", StringComparison.Ordinal) ? DemoFlac.Encode(x, SampleRate) : DemoWav.Encode(x, SampleRate));
        }

        string Full(string relative)
        {
            string full = Path.Combine(Root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            return full;
        }
    }

    /// <summary>One clip numbering for the whole home.</summary>
    internal sealed class Counter
    {
        int _n;
        public int Next() => ++_n;
    }
}
