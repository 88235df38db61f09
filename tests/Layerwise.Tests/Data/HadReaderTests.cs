using Layerwise.Data;
using Layerwise.Data.Readers;

namespace Layerwise.Tests.Data;

public class HadReaderTests
{
    readonly HadReader _reader = new();

    [Fact]
    public void Train_parses_T_F_segments_and_takes_the_label_from_them()
    {
        var s = _reader.Read(DataFixtures.Root("had"), "train");
        var fake = s.ById("HAD_train_fake_00000001");
        Assert.Equal(Label.Spoof, fake.Label);
        Assert.Equal([new Segment(0, 4.96, Label.Bonafide), new Segment(4.96, 5.65, Label.Spoof), new Segment(5.65, 9.26, Label.Bonafide)],
            fake.Segments!);
        Assert.Equal(Label.Bonafide, s.ById("HAD_train_real_00000002").Label);
        Assert.Contains(Path.Combine("HAD_train", "conbine"), fake.AudioPath);
        Assert.Empty(s.MissingAudio);
    }

    [Theory]
    [InlineData("dev", "HAD_dev/dev/conbine", 0)]
    [InlineData("test", "HAD_test/test", 1)]
    public void Audio_nesting_variants_are_found(string split, string folder, int missing)
    {
        var s = _reader.Read(DataFixtures.Root("had"), split);
        Assert.Equal(missing, s.MissingAudio.Count);
        var present = s.Utterances.Where(u => !s.MissingAudio.Contains(u.AudioPath)).ToList();
        Assert.NotEmpty(present);
        Assert.All(present, u => Assert.Contains(folder.Replace('/', Path.DirectorySeparatorChar), u.AudioPath));
    }

    [Fact]
    public void Bad_segment_tag_is_reported()
    {
        var e = Assert.Throws<ProtocolFormatException>(() => _reader.Read(DataFixtures.Root("broken", "had"), "dev"));
        Assert.Equal(2, e.LineNumber);
        Assert.Contains("1.20-2.00-X", e.Message);
    }
}
