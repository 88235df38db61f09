using Layerwise.Data;
using Layerwise.Data.Readers;

namespace Layerwise.Tests.Data;

public class Add2023ReaderTests
{
    readonly Add2023Reader _reader = new();

    [Theory]
    [InlineData("train", 3, 1, 0)]
    [InlineData("dev", 2, 1, 0)]
    [InlineData("testR1", 2, 1, 0)]
    [InlineData("testR2", 3, 1, 1)]
    public void Every_split_reads_label_txt(string split, int utterances, int bonafide, int missing)
    {
        var s = _reader.Read(DataFixtures.Root("add2023"), split);
        Assert.Equal(utterances, s.Utterances.Count);
        Assert.Equal(bonafide, s.Count(Label.Bonafide));
        Assert.Equal(missing, s.MissingAudio.Count);
    }

    [Fact]
    public void Ids_keep_the_dot_of_T1_2_and_lose_only_the_audio_extension()
    {
        var s = _reader.Read(DataFixtures.Root("add2023"), "train");
        Assert.Equal(["ADD2023_T1.2_T_00000000", "ADD2023_T1.2_T_00000001", "ADD2023_T1.2_T_00000002"], s.Ids());
        Assert.Equal(Label.Spoof, s.ById("ADD2023_T1.2_T_00000000").Label);
        Assert.Equal(Label.Bonafide, s.ById("ADD2023_T1.2_T_00000001").Label);
        Assert.True(File.Exists(s.ById("ADD2023_T1.2_T_00000000").AudioPath));
    }

    [Fact]
    public void Split_names_are_case_insensitive()
    {
        var s = _reader.Read(DataFixtures.Root("add2023"), "TESTR2");
        Assert.Equal("testR2", s.Split);
    }

    [Fact]
    public void Bonafide_is_not_an_add_label()
    {
        var e = Assert.Throws<ProtocolFormatException>(() => _reader.Read(DataFixtures.Root("broken", "add2023"), "dev"));
        Assert.Equal(2, e.LineNumber);
        Assert.Contains("'genuine' or 'fake'", e.Message);
    }
}
