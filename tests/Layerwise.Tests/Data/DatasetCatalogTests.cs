using Layerwise.Data;

namespace Layerwise.Tests.Data;

public class DatasetCatalogTests
{
    [Fact]
    public void Ids_and_splits_are_those_of_the_contract()
    {
        Assert.Equal(["asvspoof2019-la", "asvspoof2021-la", "asvspoof2021-df", "in-the-wild", "add2023", "habla", "partialspoof",
            "had", "scenefake", "ctrsvdd", "generic", "demo"], DatasetCatalog.Ids);
        Assert.Equal(["train", "dev", "eval"], DatasetCatalog.SplitsOf("asvspoof2019-la"));
        Assert.Equal(["eval"], DatasetCatalog.SplitsOf("asvspoof2021-la"));
        Assert.Equal(["eval"], DatasetCatalog.SplitsOf("asvspoof2021-df"));
        Assert.Equal(["eval"], DatasetCatalog.SplitsOf("in-the-wild"));
        Assert.Equal(["train", "dev", "testR1", "testR2"], DatasetCatalog.SplitsOf("add2023"));
        Assert.Equal(["train", "dev", "test"], DatasetCatalog.SplitsOf("ctrsvdd"));
        Assert.Equal(["train", "dev", "eval"], DatasetCatalog.SplitsOf("demo"));
        foreach (string id in DatasetCatalog.Ids)
            Assert.Contains(DatasetCatalog.DefaultSplitOf(id), DatasetCatalog.SplitsOf(id));
    }

    [Fact]
    public void Unknown_id_lists_the_known_ones()
    {
        var e = Assert.Throws<DatasetLayoutException>(() => DatasetCatalog.Get("la19"));
        Assert.Contains("asvspoof2019-la", e.Message);
    }

    [Fact]
    public void Demo_is_the_la19_reader_under_its_own_id()
    {
        var s = DatasetCatalog.Read("demo", DataFixtures.Root("asvspoof2019-la"));
        Assert.Equal(("demo", "eval"), (s.Dataset, s.Split));
        Assert.Equal(DatasetCatalog.Read("asvspoof2019-la", DataFixtures.Root("asvspoof2019-la")).Ids(), s.Ids());
    }

    [Fact]
    public void Read_available_skips_absent_splits()
    {
        var splits = DatasetCatalog.ReadAvailable("scenefake", DataFixtures.Root("scenefake-paper"));
        Assert.Equal(["eval"], splits.Select(s => s.Split));
        Assert.Equal(["train", "dev", "eval"], DatasetCatalog.ReadAvailable("asvspoof2019-la", DataFixtures.Root("asvspoof2019-la")).Select(s => s.Split));
    }

    [Fact]
    public void Summary_counts_protocol_entries_including_missing_audio()
    {
        var s = DatasetSummary.Of(DatasetCatalog.Read("asvspoof2019-la", DataFixtures.Root("asvspoof2019-la"), "eval"));
        Assert.Equal((5, 2, 3, 1), (s.Utterances, s.Bonafide, s.Spoof, s.MissingAudio));
        Assert.Equal(new Dictionary<string, int> { ["A07"] = 1, ["A11"] = 1, ["A19"] = 1 }, s.Attacks);
        Assert.Equal(["A07", "A11", "A19"], s.Attacks.Keys);
    }
}
