using Layerwise.Data;
using Microsoft.Data.Analysis;

namespace Layerwise.Tests.Data;

public class DatasetFramesTests
{
    [Fact]
    public void Counts_per_split_label_and_attack()
    {
        var splits = DatasetCatalog.ReadAvailable("asvspoof2019-la", DataFixtures.Root("asvspoof2019-la"));
        var df = DatasetFrames.Counts(splits);
        var rows = Enumerable.Range(0, (int)df.Rows.Count).Select(i =>
            $"{df["split"][i]}/{df["label"][i]}/{df["attack"][i]}={df["utterances"][i]}/{df["missing_audio"][i]}").ToList();
        Assert.Equal(
        [
            "train/bonafide/-=2/0", "train/spoof/A01=2/0", "train/spoof/A02=1/0",
            "dev/bonafide/-=1/0", "dev/spoof/A03=1/0", "dev/spoof/A04=2/1",
            "eval/bonafide/-=2/0", "eval/spoof/A07=1/0", "eval/spoof/A11=1/0", "eval/spoof/A19=1/1",
        ], rows);
        Assert.DoesNotContain(df.Columns, c => c.Name == "seconds_total");
    }

    [Fact]
    public void Durations_match_the_fixture_generator()
    {
        var truth = DataFixtures.Durations();
        var split = DatasetCatalog.Read("add2023", DataFixtures.Root("add2023"), "testR2");
        var df = DatasetFrames.Utterances(split, durations: true);
        Assert.Equal(3, df.Rows.Count);
        for (int i = 0; i < 3; i++)
        {
            var u = split.Utterances[i];
            if (split.MissingAudio.Contains(u.AudioPath))
            {
                Assert.Null(df["seconds"][i]);
                Assert.Equal(false, df["audio_exists"][i]);
            }
            else
            {
                Assert.Equal(truth[Path.GetFullPath(u.AudioPath)], (double)df["seconds"][i]!, 9);
                Assert.Equal(true, df["audio_exists"][i]);
            }
        }
    }

    [Fact]
    public void Counts_with_durations_sum_readable_files()
    {
        var truth = DataFixtures.Durations();
        var split = DatasetCatalog.Read("had", DataFixtures.Root("had"), "test");
        var df = DatasetFrames.Counts([split], durations: true);
        double expected = split.Utterances.Where(u => truth.ContainsKey(Path.GetFullPath(u.AudioPath)))
            .Sum(u => truth[Path.GetFullPath(u.AudioPath)]);
        double total = Enumerable.Range(0, (int)df.Rows.Count).Sum(i => (double)df["seconds_total"][i]!);
        Assert.Equal(expected, total, 9);
        Assert.Equal(1, Enumerable.Range(0, (int)df.Rows.Count).Sum(i => (int)df["unreadable"][i]!));
    }

    [Fact]
    public void Durations_use_the_probe_and_never_touch_missing_files()
    {
        var split = DatasetCatalog.Read("asvspoof2019-la", DataFixtures.Root("asvspoof2019-la"), "eval");
        var probed = new List<string>();
        var d = DatasetFrames.Durations(split, p => { probed.Add(p); return p.EndsWith("LA_E_1000147.flac") ? throw new IOException("x") : 1.5; });
        Assert.Equal(4, probed.Count);
        Assert.Equal([1.5, null, 1.5, 1.5, null], d);
    }

    [Fact]
    public void Summary_frame_has_one_row_per_split()
    {
        var df = DatasetFrames.Summary(DatasetCatalog.ReadAvailable("add2023", DataFixtures.Root("add2023")));
        Assert.Equal(["train", "dev", "testR1", "testR2"], ((StringDataFrameColumn)df["split"]).ToArray());
        Assert.Equal([3, 2, 2, 3], ((Int32DataFrameColumn)df["utterances"]).Select(v => v!.Value));
    }
}
