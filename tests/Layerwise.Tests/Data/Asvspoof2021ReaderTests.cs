using Layerwise.Data;
using Layerwise.Data.Readers;

namespace Layerwise.Tests.Data;

public class Asvspoof2021ReaderTests
{
    [Fact]
    public void La_keeps_phase_eval_by_default()
    {
        var split = new Asvspoof2021Reader("LA").Read(DataFixtures.Root("asvspoof2021-la"), "eval");
        Assert.Equal(["LA_E_9332881", "LA_E_7294490", "LA_E_1000001", "LA_E_1000002"], split.Ids());
        Assert.All(split.Utterances, u => Assert.Equal("eval", u.Phase));
        var u = split.ById("LA_E_9332881");
        Assert.Equal((Label.Spoof, "A07", "alaw", "ita_tx"), (u.Label, u.Attack, u.Codec, u.Tags!["transmission"]));
        Assert.Equal("bonafide", split.ById("LA_E_7294490").Attack);
        Assert.EndsWith("LA_E_1000002.flac", Assert.Single(split.MissingAudio));
    }

    [Theory]
    [InlineData("progress", new[] { "LA_E_8589971" })]
    [InlineData("hidden_track", new[] { "LA_E_1000003" })]
    [InlineData("all", new[] { "LA_E_9332881", "LA_E_8589971", "LA_E_7294490", "LA_E_1000001", "LA_E_1000002", "LA_E_1000003" })]
    public void La_phase_filter(string phase, string[] ids) =>
        Assert.Equal(ids, new Asvspoof2021Reader("LA", phase).Read(DataFixtures.Root("asvspoof2021-la"), "eval").Ids());

    [Fact]
    public void Unknown_phase_is_an_input_error() =>
        Assert.Throws<DatasetLayoutException>(() => new Asvspoof2021Reader("LA", "final"));

    [Fact]
    public void Df_reads_13_field_keys_and_audio_from_every_part_folder()
    {
        var split = new Asvspoof2021Reader("DF").Read(DataFixtures.Root("asvspoof2021-df"), "eval");
        Assert.Equal(["DF_E_2000013", "DF_E_2000026", "DF_E_2000030"], split.Ids());
        Assert.Empty(split.MissingAudio);
        Assert.Contains("ASVspoof2021_DF_eval_part01", split.ById("DF_E_2000026").AudioPath);
        var vcc = split.ById("DF_E_2000013");
        Assert.Equal(("Task1-team20", "low_m4a", "vcc2020", "neural_vocoder_nonautoregressive", "Task1 team20 FF E"),
            (vcc.Attack, vcc.Codec, vcc.Tags!["source"], vcc.Tags["vocoder"], vcc.Tags["extra"]));
        Assert.Equal(Label.Bonafide, split.ById("DF_E_2000030").Label);
    }

    [Fact]
    public void Df_progress_entry_without_audio_is_missing()
    {
        var split = new Asvspoof2021Reader("DF", "progress").Read(DataFixtures.Root("asvspoof2021-df"), "eval");
        Assert.Equal(["DF_E_2000011"], split.Ids());
        Assert.Single(split.MissingAudio);
    }

    [Fact]
    public void Short_key_line_is_reported_with_its_line_number()
    {
        using var dir = new TempDir();
        dir.Write("keys/LA/CM/trial_metadata.txt",
            "LA_0009 LA_E_9332881 alaw ita_tx A07 spoof notrim eval\nLA_0009 LA_E_8589971 alaw ita_tx A07 spoof notrim\n" +
            "LA_0009 LA_E_1 alaw ita_tx A07 spoof notrim later\n");
        var e = Assert.Throws<ProtocolFormatException>(() => new Asvspoof2021Reader("LA").Read(dir.Path, "eval"));
        Assert.Equal([2, 3], e.Errors.Select(x => x.LineNumber));
        Assert.Contains("PHASE (field 8)", e.Errors[1].Message);
    }
}
