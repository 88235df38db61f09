using Layerwise.Audio;
using Layerwise.Audio.Flac;
using Xunit.Abstractions;

namespace Layerwise.Tests.Audio;

/// <summary>Mutated copies of valid files (seeded): every case must decode or throw <see cref="AudioFormatException"/>,
/// and the whole run must finish within a generous bound (a hang fails instead of stalling the suite).</summary>
public class FuzzTests(ITestOutputHelper output)
{
    // LAYERWISE_FUZZ_ITERATIONS / LAYERWISE_FUZZ_SEED run longer or different campaigns by hand.
    static readonly int Iterations = int.TryParse(Environment.GetEnvironmentVariable("LAYERWISE_FUZZ_ITERATIONS"), out int n) ? n : 2000;
    static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("LAYERWISE_FUZZ_SEED"), out int s) ? s : 20250203;

    static readonly string[] Seeds =
    [
        "flac/short.flac", "flac/silence.flac", "flac/preset5.flac", "flac/bits24_stereo.flac", "flac/bits32_stereo.flac",
        "flac/variable_blocksize.flac", "flac/metadata_blocks.flac", "flac/id3_prefix.flac", "flac/lpc32.flac",
        "wav/pcm16_stereo.wav", "wav/pcm24_stereo_extensible.wav", "wav/float64_mono.wav", "wav/pcm8_mono_odd.wav",
        "wav/pcm16_with_comment.wav",
    ];

    [Fact]
    public async Task MutatedFilesDecodeOrThrowTheTypedException()
    {
        var corpus = Seeds.Select(s => File.ReadAllBytes(Path.Combine(Fixtures.Dir, s))).ToArray();
        var failures = new List<string>();
        int decoded = 0, rejected = 0;
        var run = Task.Run(() =>
        {
            var rng = new Random(Seed);
            for (int it = 0; it < Iterations; it++)
            {
                int which = rng.Next(corpus.Length);
                var data = Mutate(corpus[which], rng);
                bool crcOff = Seeds[which].EndsWith(".flac") && rng.Next(2) == 0;
                try
                {
                    if (crcOff)
                        FlacDecoder.Decode(data, "fuzz", verifyMd5: true, checkCrc: false); // reach the subframe parser
                    else
                        AudioFile.Read(data, "fuzz");
                    decoded++;
                }
                catch (AudioFormatException)
                {
                    rejected++;
                }
                catch (Exception e)
                {
                    lock (failures)
                        failures.Add($"iteration {it} ({Seeds[which]}, crc {(crcOff ? "off" : "on")}): {e.GetType().Name}: {e.Message}");
                }
            }
        });
        bool finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromMinutes(3 + Iterations / 2000))) == run;
        Assert.True(finished, "fuzz run did not finish in time: a decode hangs");
        await run;
        output.WriteLine($"seed {Seed}, {Iterations} mutated files: {decoded} decoded, {rejected} rejected with AudioFormatException");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
        Assert.True(rejected > Iterations / 4, $"only {rejected} rejections: mutations are not biting");
        Assert.True(decoded + rejected == Iterations);
    }

    static byte[] Mutate(byte[] src, Random rng)
    {
        var d = (byte[])src.Clone();
        switch (rng.Next(6))
        {
            case 0: // flip a few bits
                for (int k = rng.Next(1, 5); k > 0; k--)
                    d[rng.Next(d.Length)] ^= (byte)(1 << rng.Next(8));
                return d;
            case 1: // random bytes, biased to the header
                for (int k = rng.Next(1, 4); k > 0; k--)
                    d[rng.Next(Math.Min(d.Length, rng.Next(2) == 0 ? 64 : d.Length))] = (byte)rng.Next(256);
                return d;
            case 2: // truncate
                return d[..rng.Next(d.Length)];
            case 3: // extreme 32-bit values in the header (sizes, counts, rates)
            {
                int at = rng.Next(Math.Max(1, Math.Min(d.Length - 4, 80)));
                byte v = (byte)(rng.Next(3) switch { 0 => 0x00, 1 => 0xFF, _ => 0x7F });
                for (int k = 0; k < 4 && at + k < d.Length; k++)
                    d[at + k] = v;
                return d;
            }
            case 4: // insert junk
            {
                int at = rng.Next(d.Length);
                var junk = new byte[rng.Next(1, 16)];
                rng.NextBytes(junk);
                return [.. d[..at], .. junk, .. d[at..]];
            }
            default: // delete a run
            {
                int at = rng.Next(d.Length);
                int len = Math.Min(rng.Next(1, 32), d.Length - at);
                return [.. d[..at], .. d[(at + len)..]];
            }
        }
    }
}
