using Layerwise.Tests.Data;

namespace Layerwise.Tests.Hostile;

/// <summary>Fuzz (fixed seed, bounded) over the text inputs: mutated score files and protocol files either parse or
/// fail with an input error through the CLI (exit 2, one line, nothing unescaped); never exit 1 or a crash.</summary>
public class ScoreAndProtocolFuzzTests
{
    static byte[] Mutate(byte[] data, Random rng)
    {
        var b = data.ToList();
        for (int k = rng.Next(1, 6); k > 0 && b.Count > 0; k--)
        {
            int at = rng.Next(b.Count);
            switch (rng.Next(4))
            {
                case 0: b[at] = (byte)rng.Next(256); break;
                case 1: b.RemoveAt(at); break;
                case 2: b.Insert(at, (byte)"\u001b\u0000\n\t -.e9nNaif"[rng.Next(13)]); break;
                default: b.RemoveRange(at, b.Count - at); break;
            }
        }
        return [.. b];
    }

    static void Check(string what, int it, (int Code, string Out, string Err) r, List<string> failures)
    {
        if (r.Code is not (0 or 2))
            failures.Add($"{what} iteration {it}: exit {r.Code}: {r.Err}");
        if (r.Code == 2 && r.Err.TrimEnd().Split('\n').Length != 1)
            failures.Add($"{what} iteration {it}: more than one line: {r.Err}");
        if (r.Err.Any(c => c < 0x20 && c is not ('\n' or '\r')))
            failures.Add($"{what} iteration {it}: control character echoed");
    }

    [Fact]
    public void MutatedScoreAndProtocolFilesParseOrFailWithExit2()
    {
        var rng = new Random(1605);
        using var dir = new TempDir();
        var scores = System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 20).Select(i =>
            $"LA_E_{i} {(i % 3 == 0 ? "bonafide" : "spoof")} {(i % 3 == 0 ? 1.5 : -0.5) + i * 0.01}\n")));
        var protocol = System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 12).Select(i =>
            $"LA_00{i % 3} LA_T_{i} - {(i % 2 == 0 ? "-" : "A01")} {(i % 2 == 0 ? "bonafide" : "spoof")}\n")));
        string scorePath = Path.Combine(dir.Path, "scores.txt");
        string protocolPath = Path.Combine(dir.Path, "LA/ASVspoof2019_LA_cm_protocols/ASVspoof2019.LA.cm.train.trn.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(protocolPath)!);
        var failures = new List<string>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (int it = 0; it < 150 && clock.Elapsed < TimeSpan.FromSeconds(40); it++)
        {
            File.WriteAllBytes(scorePath, Mutate(scores, rng));
            Check("scores", it, CliRunner.Run("metrics", "--scores", scorePath), failures);
            File.WriteAllBytes(protocolPath, Mutate(protocol, rng));
            Check("protocol", it, CliRunner.Run("data", "summary", "--dataset", "asvspoof2019-la", "--root", dir.Path, "--split", "train"), failures);
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10)));
    }
}
