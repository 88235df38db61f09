using Layerwise.Data;
using Layerwise.Data.Readers;

namespace Layerwise.Tests.Data;

public class SceneFakeReaderTests
{
    [Theory]
    [InlineData("train", 2, 3)]
    [InlineData("dev", 1, 2)]
    [InlineData("eval", 1, 2)]
    public void Labels_come_from_the_real_and_fake_folders(string split, int real, int fake)
    {
        var s = new SceneFakeReader().Read(DataFixtures.Root("scenefake"), split);
        Assert.Equal(real, s.Count(Label.Bonafide));
        Assert.Equal(fake, s.Count(Label.Spoof));
        Assert.All(s.Utterances.Where(u => u.Label == Label.Spoof), u => Assert.Contains($"{split}_fake_", u.Id));
    }

    [Fact]
    public void The_paper_authors_protocol_form_is_read_too()
    {
        var s = new SceneFakeReader().Read(DataFixtures.Root("scenefake-paper"), "eval");
        Assert.Equal(["eval_00001", "eval_00002", "eval_00003"], s.Ids());
        Assert.Equal(1, s.Count(Label.Bonafide));
        Assert.Empty(s.MissingAudio);
    }

    [Fact]
    public void An_absent_split_is_a_layout_error() =>
        Assert.Throws<DatasetLayoutException>(() => new SceneFakeReader().Read(DataFixtures.Root("scenefake-paper"), "train"));
}
