using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace Layerwise.Tests.Demo;

/// <summary>A temporary folder removed on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "layerwise-demo-tests-" + Guid.NewGuid().ToString("N"));

    public TempDir() => Directory.CreateDirectory(Path);

    public string Sub(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}

/// <summary>Independent helpers for the demo-corpus tests: tree hashing, protocol parsing, WAV reading, a radix-2
/// FFT and a rank AUC. Written here (not reused from the library) so the tests check the library against them.</summary>
internal static class DemoTestSupport
{
    /// <summary>SHA-256 over every file's relative path and bytes, in ordinal path order.</summary>
    public static string TreeHash(string root)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                     .Select(f => System.IO.Path.GetRelativePath(root, f).Replace('\\', '/')).Order(StringComparer.Ordinal))
        {
            sha.AppendData(Encoding.UTF8.GetBytes(file + "\n"));
            sha.AppendData(File.ReadAllBytes(System.IO.Path.Combine(root, file)));
        }
        return Convert.ToHexString(sha.GetHashAndReset());
    }

    public sealed record ProtocolLine(string Speaker, string Id, string Attack, string Key);

    /// <summary>5-field ASVspoof lines (SPEAKER UTT - ATTACK KEY), or 6-field CtrSVDD lines (SOURCE SINGER UTT - ATTACK KEY).</summary>
    public static List<ProtocolLine> ReadProtocol(string path)
    {
        var result = new List<ProtocolLine>();
        foreach (var line in File.ReadAllLines(path))
        {
            var f = line.Split(' ');
            if (f.Length == 5) result.Add(new ProtocolLine(f[0], f[1], f[3], f[4]));
            else if (f.Length == 6) result.Add(new ProtocolLine(f[1], f[2], f[4], f[5]));
            else throw new FormatException($"{path}: bad line '{line}'");
        }
        return result;
    }

    /// <summary>Reads a canonical 16-bit mono PCM WAV by hand (checks the header fields we promise).</summary>
    public static double[] ReadWav16kMono(string path)
    {
        var b = File.ReadAllBytes(path);
        Assert.Equal("RIFF", Encoding.ASCII.GetString(b, 0, 4));
        Assert.Equal("WAVE", Encoding.ASCII.GetString(b, 8, 4));
        Assert.Equal(1, BitConverter.ToInt16(b, 20));      // PCM
        Assert.Equal(1, BitConverter.ToInt16(b, 22));      // mono
        Assert.Equal(16000, BitConverter.ToInt32(b, 24));
        Assert.Equal(16, BitConverter.ToInt16(b, 34));
        Assert.Equal("data", Encoding.ASCII.GetString(b, 36, 4));
        int n = BitConverter.ToInt32(b, 40) / 2;
        Assert.Equal(b.Length, 44 + 2 * n);
        var x = new double[n];
        for (int i = 0; i < n; i++) x[i] = BitConverter.ToInt16(b, 44 + 2 * i) / 32768.0;
        return x;
    }

    static void Fft(Complex[] a)
    {
        int n = a.Length;
        for (int i = 1, j = 0; i < n; i++)
        {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) j ^= bit;
            j ^= bit;
            if (i < j) (a[i], a[j]) = (a[j], a[i]);
        }
        for (int len = 2; len <= n; len <<= 1)
        {
            var w = Complex.FromPolarCoordinates(1, -2 * Math.PI / len);
            for (int i = 0; i < n; i += len)
            {
                var wk = Complex.One;
                for (int k = 0; k < len / 2; k++, wk *= w)
                {
                    var u = a[i + k];
                    var v = a[i + k + len / 2] * wk;
                    a[i + k] = u + v;
                    a[i + k + len / 2] = u - v;
                }
            }
        }
    }

    /// <summary>Power spectra of 512-sample Hann frames (hop 256) whose energy is within 30 dB of the loudest frame.</summary>
    public static List<double[]> ActiveFrames(double[] x)
    {
        const int n = 512, hop = 256;
        var frames = new List<double[]>();
        for (int start = 0; start + n <= x.Length; start += hop)
        {
            var a = new Complex[n];
            for (int i = 0; i < n; i++) a[i] = x[start + i] * (0.5 - 0.5 * Math.Cos(2 * Math.PI * i / (n - 1)));
            Fft(a);
            var p = new double[n / 2 + 1];
            for (int k = 0; k <= n / 2; k++) p[k] = a[k].Real * a[k].Real + a[k].Imaginary * a[k].Imaginary + 1e-12;
            frames.Add(p);
        }
        double max = frames.Max(f => f.Sum());
        return frames.Where(f => f.Sum() > max * 1e-3).ToList();
    }

    /// <summary>Share of the active frames' energy between 4 and 8 kHz.</summary>
    public static double HighBandRatio(double[] x)
    {
        double high = 0, all = 0;
        foreach (var p in ActiveFrames(x))
            for (int k = 0; k < p.Length; k++)
            {
                all += p[k];
                if (k >= 128) high += p[k];
            }
        return high / all;
    }

    /// <summary>P(score of a positive > score of a negative), ties counted half (Mann–Whitney).</summary>
    public static double Auc(IReadOnlyList<double> positives, IReadOnlyList<double> negatives)
    {
        double wins = 0;
        foreach (double p in positives)
            foreach (double q in negatives)
                wins += p > q ? 1 : p == q ? 0.5 : 0;
        return wins / (positives.Count * (double)negatives.Count);
    }
}
