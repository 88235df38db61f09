using Layerwise.Data;
using Layerwise.Data.Readers;

namespace Layerwise.Tests.Data;

public class InTheWildReaderTests
{
    [Fact]
    public void Reads_meta_csv_with_quoted_speakers()
    {
        var split = new InTheWildReader().Read(DataFixtures.Root("in-the-wild"), "eval");
        Assert.Equal(["0", "1", "2", "3", "4"], split.Ids());
        Assert.Equal("Doe, John", split.ById("1").Speaker);
        Assert.Equal("Dwayne \"The Rock\" Johnson", split.ById("2").Speaker);
        Assert.Equal("Obama, Barack", split.ById("4").Speaker);
        Assert.Equal(2, split.Count(Label.Bonafide));
        Assert.Equal(3, split.Count(Label.Spoof));
        Assert.EndsWith(Path.Combine("release_in_the_wild", "4.wav"), Assert.Single(split.MissingAudio));
        Assert.True(File.Exists(split.ById("0").AudioPath));
    }

    [Fact]
    public void Unclosed_quote_is_a_format_error_at_its_line()
    {
        var e = Assert.Throws<ProtocolFormatException>(() => new InTheWildReader().Read(DataFixtures.Root("broken", "in-the-wild"), "eval"));
        Assert.Equal(3, e.LineNumber);
        Assert.EndsWith("meta.csv", e.FilePath);
    }

    [Fact]
    public void Unknown_label_is_a_format_error_at_its_line()
    {
        var e = Assert.Throws<ProtocolFormatException>(() => new InTheWildReader().Read(DataFixtures.Root("broken", "in-the-wild-label"), "eval"));
        Assert.Equal(3, e.LineNumber);
        Assert.Contains("'fake'", e.Message);
    }

    [Fact]
    public void Columns_are_found_by_header_name()
    {
        using var dir = new TempDir();
        dir.Write("meta.csv", "label,file,speaker\nbona-fide,7.wav,\"A, B\"\n");
        var u = Assert.Single(new InTheWildReader().Read(dir.Path, "eval").Utterances);
        Assert.Equal(("7", Label.Bonafide, "A, B"), (u.Id, u.Label, u.Speaker));
    }
}
