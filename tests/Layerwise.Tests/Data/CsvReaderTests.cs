using Layerwise.Data;

namespace Layerwise.Tests.Data;

public class CsvReaderTests
{
    [Fact]
    public void Quoted_fields_keep_commas_doubled_quotes_and_line_breaks()
    {
        var rows = CsvReader.Parse("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n\r\nlast,,\"\"\n").ToList();
        Assert.Equal([1, 2, 5], rows.Select(r => r.Line));
        Assert.Equal(["a", "b", "c"], rows[0].Fields);
        Assert.Equal(["x, y", "say \"hi\"", "two\nlines"], rows[1].Fields);
        Assert.Equal(["last", "", ""], rows[2].Fields);
    }

    [Fact]
    public void No_final_newline_bom_and_a_literal_quote_inside_an_unquoted_field()
    {
        var rows = CsvReader.Parse("\uFEFFfile,speaker\n0.wav,O\"Brien").ToList();
        Assert.Equal(["file", "speaker"], rows[0].Fields);
        Assert.Equal(["0.wav", "O\"Brien"], rows[1].Fields);
    }

    [Fact]
    public void Unclosed_quote_is_reported_at_the_line_where_the_field_starts()
    {
        var e = Assert.Throws<ProtocolFormatException>(() => CsvReader.Parse("a,b\n1,\"open\n2,3\n", "meta.csv").ToList());
        Assert.Equal(2, e.LineNumber);
        Assert.StartsWith("meta.csv:2:", e.Message);
    }

    [Fact]
    public void Text_after_a_closing_quote_is_rejected()
    {
        var e = Assert.Throws<ProtocolFormatException>(() => CsvReader.Parse("a\n\"x\"y\n", "m.csv").ToList());
        Assert.Equal(2, e.LineNumber);
    }
}
