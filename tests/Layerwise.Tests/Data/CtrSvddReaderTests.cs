using Layerwise.Data;
using Layerwise.Data.Readers;

namespace Layerwise.Tests.Data;

public class CtrSvddReaderTests
{
    [Fact]
    public void Id_is_the_third_field_and_deepfake_means_spoof()
    {
        var s = new CtrSvddReader().Read(DataFixtures.Root("ctrsvdd"), "train");
        Assert.Equal(["CtrSVDD_0110_T_0015416", "CtrSVDD_0097_T_0010993", "CtrSVDD_0050_T_0000001"], s.Ids());
        var u = s.ById("CtrSVDD_0097_T_0010993");
        Assert.Equal((Label.Spoof, "A01", "CtrSVDD_0097", "jvsmusic"), (u.Label, u.Attack, u.Speaker, u.Tags!["corpus"]));
        Assert.EndsWith(Path.Combine("train_set", "CtrSVDD_0097_T_0010993.flac"), u.AudioPath);
        Assert.Empty(s.MissingAudio);
    }

    [Fact]
    public void Dev_counts_the_missing_file()
    {
        var s = new CtrSvddReader().Read(DataFixtures.Root("ctrsvdd"), "dev");
        Assert.Equal(3, s.Utterances.Count);
        Assert.EndsWith("CtrSVDD_0097_D_0010994.flac", Assert.Single(s.MissingAudio));
    }

    [Fact]
    public void Five_field_line_is_malformed()
    {
        var e = Assert.Throws<ProtocolFormatException>(() => new CtrSvddReader().Read(DataFixtures.Root("broken", "ctrsvdd"), "dev"));
        Assert.Equal(2, e.LineNumber);
        Assert.Contains("expected 6 fields", e.Message);
    }
}
