namespace Layerwise.Tests.Audio;

/// <summary>The FLAC corpus made by fixtures/audio/make_fixtures.sh: each .flac with the raw samples `flac -d` produced.</summary>
internal static class Fixtures
{
    public static string Dir => Path.Combine(AppContext.BaseDirectory, "fixtures", "audio");

    public static string Flac(string name) => Path.Combine(Dir, "flac", name + ".flac");

    public sealed record Entry(string Name, int Channels, int Bits, int Rate, long Samples, string Description);

    public static IReadOnlyList<Entry> Manifest() =>
        File.ReadAllLines(Path.Combine(Dir, "flac", "manifest.tsv")).Skip(1)
            .Where(l => l.Length > 0)
            .Select(l => l.Split('\t'))
            .Select(f => new Entry(f[0], int.Parse(f[1]), int.Parse(f[2]), int.Parse(f[3]), long.Parse(f[4]), f[5]))
            .ToList();

    /// <summary>The reference decoding: signed little-endian interleaved, (bits+7)/8 bytes per sample.</summary>
    public static int[][] Reference(Entry e)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Dir, "flac", e.Name + ".raw"));
        int width = (e.Bits + 7) / 8;
        int frames = bytes.Length / (width * e.Channels);
        var ch = new int[e.Channels][];
        for (int c = 0; c < e.Channels; c++)
            ch[c] = new int[frames];
        int p = 0;
        for (int i = 0; i < frames; i++)
            for (int c = 0; c < e.Channels; c++)
            {
                int v = 0;
                for (int b = 0; b < width; b++)
                    v |= bytes[p++] << (8 * b);
                int shift = 32 - 8 * width;
                ch[c][i] = (v << shift) >> shift;
            }
        return ch;
    }

    public static IEnumerable<object[]> FlacNames() => Manifest().Select(e => new object[] { e.Name });
}
