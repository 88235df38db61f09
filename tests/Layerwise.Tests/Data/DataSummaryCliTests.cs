using System.Text.Json;
using Layerwise.Cli;

namespace Layerwise.Tests.Data;

public class DataSummaryCliTests
{
    static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    static JsonElement Summary(string dataset, string root, params string[] more)
    {
        var (code, stdout, stderr) = Run(["data", "summary", "--dataset", dataset, "--root", DataFixtures.Root(root), .. more]);
        Assert.True(code == 0, stderr);
        return JsonDocument.Parse(stdout).RootElement;
    }

    static Dictionary<string, int> Attacks(JsonElement e) =>
        e.GetProperty("attacks").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());

    [Theory]
    // dataset, fixture root, split, utterances, bonafide, spoof, missing, attacks "id:n,..."
    [InlineData("asvspoof2019-la", "asvspoof2019-la", "train", 5, 2, 3, 0, "A01:2,A02:1")]
    [InlineData("asvspoof2019-la", "asvspoof2019-la", "dev", 4, 1, 3, 1, "A03:1,A04:2")]
    [InlineData("asvspoof2019-la", "asvspoof2019-la", "eval", 5, 2, 3, 1, "A07:1,A11:1,A19:1")]
    [InlineData("asvspoof2021-la", "asvspoof2021-la", "eval", 4, 2, 2, 1, "A07:1,A09:1")]
    [InlineData("asvspoof2021-df", "asvspoof2021-df", "eval", 3, 1, 2, 0, "A09:1,Task1-team20:1")]
    [InlineData("in-the-wild", "in-the-wild", "eval", 5, 2, 3, 1, "")]
    [InlineData("add2023", "add2023", "testR2", 3, 1, 2, 1, "")]
    [InlineData("habla", "habla", "all", 6, 3, 3, 0, "CycleGAN:2,Diff:1")]
    [InlineData("habla", "habla", "test", 3, 1, 2, 1, "CycleGAN:1")]
    [InlineData("partialspoof", "partialspoof", "eval", 3, 1, 2, 1, "CON:2")]
    [InlineData("had", "had", "test", 3, 1, 2, 1, "")]
    [InlineData("scenefake", "scenefake", "train", 5, 2, 3, 0, "")]
    [InlineData("ctrsvdd", "ctrsvdd", "dev", 3, 1, 2, 1, "A06:2")]
    [InlineData("generic", "generic", "eval", 4, 1, 3, 1, "A05:1")]
    [InlineData("demo", "asvspoof2019-la", "train", 5, 2, 3, 0, "A01:2,A02:1")]
    public void Summary_json_on_the_miniature_layouts(string dataset, string root, string split,
        int utterances, int bonafide, int spoof, int missing, string attacks)
    {
        var j = Summary(dataset, root, "--split", split);
        Assert.Equal(dataset, j.GetProperty("dataset").GetString());
        Assert.Equal(split, j.GetProperty("split").GetString());
        Assert.Equal(utterances, j.GetProperty("utterances").GetInt32());
        Assert.Equal(bonafide, j.GetProperty("bonafide").GetInt32());
        Assert.Equal(spoof, j.GetProperty("spoof").GetInt32());
        Assert.Equal(missing, j.GetProperty("missing_audio").GetInt32());
        var expected = attacks.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(a => a.Split(':')).ToDictionary(a => a[0], a => int.Parse(a[1]));
        Assert.Equal(expected, Attacks(j));
        // Spoofs without attack id are counted apart, never as an attack "-"; none labelled at all: attack_labels none.
        int unlabelled = spoof - expected.Values.Sum();
        Assert.Equal(unlabelled, j.TryGetProperty("spoof_without_attack", out var u) ? u.GetInt32() : 0);
        Assert.Equal(unlabelled == spoof, j.TryGetProperty("attack_labels", out var none) && none.GetString() == "none");
        Assert.Equal(missing, j.GetProperty("missing_examples").GetArrayLength());
    }

    [Fact]
    public void Data_home_finds_the_dataset_in_its_catalog_id_folder()
    {
        // The fixtures root is laid out as a data home: one folder per catalog id.
        string home = Path.GetDirectoryName(DataFixtures.Root("in-the-wild"))!;
        var (code, stdout, stderr) = Run("data", "summary", "-d", "in-the-wild", "--data-home", home);
        Assert.True(code == 0, stderr);
        var j = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(5, j.GetProperty("utterances").GetInt32());
        Assert.Equal("none", j.GetProperty("attack_labels").GetString());
    }

    [Fact]
    public void Without_split_the_default_split_is_summarised()
    {
        Assert.Equal("eval", Summary("asvspoof2019-la", "asvspoof2019-la").GetProperty("split").GetString());
        Assert.Equal("test", Summary("ctrsvdd", "ctrsvdd").GetProperty("split").GetString());
        Assert.Equal("testR1", Summary("add2023", "add2023").GetProperty("split").GetString());
    }

    [Fact]
    public void Phase_option_and_demo_note()
    {
        var all = Summary("asvspoof2021-la", "asvspoof2021-la", "--phase", "all");
        Assert.Equal((6, "all"), (all.GetProperty("utterances").GetInt32(), all.GetProperty("phase").GetString()));
        Assert.Contains("synthetic", Summary("demo", "asvspoof2019-la").GetProperty("note").GetString());
    }

    [Fact]
    public void Missing_audio_is_warned_on_stderr_with_names()
    {
        var (code, _, stderr) = Run("data", "summary", "-d", "asvspoof2019-la", "-r", DataFixtures.Root("asvspoof2019-la"));
        Assert.Equal(0, code);
        Assert.Contains("1 of 5 audio files are missing", stderr);
        Assert.Contains("LA_E_1001227.flac", stderr);
    }

    [Fact]
    public void Malformed_protocol_exits_2_naming_file_and_line()
    {
        var (code, stdout, stderr) = Run("data", "summary", "--dataset", "asvspoof2019-la", "--root",
            DataFixtures.Root("broken", "asvspoof2019-la"), "--split", "train");
        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Contains("ASVspoof2019.LA.cm.train.trn.txt:3:", stderr);
        Assert.Single(stderr.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Unknown_dataset_and_split_exit_2()
    {
        Assert.Equal(2, Run("data", "summary", "--dataset", "nope", "--root", DataFixtures.Root("generic")).Code);
        Assert.Equal(2, Run("data", "summary", "--dataset", "ctrsvdd", "--root", DataFixtures.Root("ctrsvdd"), "--split", "eval").Code);
        Assert.Equal(2, Run("data", "summary", "--dataset", "ctrsvdd").Code);
    }

    [Fact]
    public void List_names_every_dataset_with_its_default_split()
    {
        var (code, stdout, _) = Run("data", "list");
        Assert.Equal(0, code);
        var list = JsonDocument.Parse(stdout).RootElement.EnumerateArray().ToList();
        Assert.Equal(12, list.Count);
        var had = list.Single(e => e.GetProperty("id").GetString() == "had");
        Assert.Equal("test", had.GetProperty("default_split").GetString());
    }
}
