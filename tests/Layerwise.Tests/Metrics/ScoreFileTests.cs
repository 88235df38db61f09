using Layerwise.Data;
using Layerwise.Metrics;

namespace Layerwise.Tests.Metrics;

public class ScoreFileTests
{
    static ScoreFileException ParseFails(string text) =>
        Assert.Throws<ScoreFileException>(() => ScoreFile.Parse(new StringReader(text), "scores.txt"));

    [Theory]
    [InlineData("a bonafide 1.0\nb spoof 0.5 extra fields here\n", 2, "6 fields")]
    [InlineData("a bonafide 1.0\nb 0.5\n", 2, "line 1 has 3")]
    [InlineData("a bonafide 1.0\nb genuine 0.5\n", 2, "'genuine' is neither")]
    [InlineData("a bonafide 1.0\n\n# comment\nb spoof 0.5x\n", 4, "'0.5x' is not a number")]
    [InlineData("a bonafide nan\n", 1, "NaN")]
    [InlineData("a bonafide 1\nb spoof 2\na spoof 3\n", 3, "already scored on line 1")]
    [InlineData("lonely\n", 1, "got 1 fields")]
    public void Malformed_lines_are_reported_with_file_and_line(string text, int line, string what)
    {
        var e = ParseFails(text);
        Assert.Equal("scores.txt", e.Path);
        Assert.Equal(line, e.Line);
        Assert.StartsWith($"scores.txt:{line}: ", e.Message);
        Assert.Contains(what, e.Message);
        Assert.IsAssignableFrom<LayerwiseInputException>(e);
    }

    [Fact]
    public void Empty_file_is_an_error()
    {
        var e = ParseFails("\n\n");
        Assert.Equal(0, e.Line);
    }

    [Fact]
    public void Reads_all_three_formats()
    {
        var two = ScoreFile.Parse(new StringReader("LA_E_1 0.25\nLA_E_2 -inf\n"), "s");
        Assert.Null(two[0].Label);
        Assert.Equal(double.NegativeInfinity, two[1].Score);
        var three = ScoreFile.Parse(new StringReader("LA_E_1 bonafide 1e3\n"), "s");
        Assert.Equal(Label.Bonafide, three[0].Label);
        Assert.Equal(1000, three[0].Score);
        var four = ScoreFile.Parse(new StringReader("LA_E_1 A07 spoof -2.5\n"), "s");
        Assert.Equal("A07", four[0].Attack);
        Assert.Equal(Label.Spoof, four[0].Label);
        Assert.Equal(1, four[0].Line);
    }

    [Fact]
    public void Write_then_read_round_trips_scores_exactly()
    {
        var lines = new List<ScoreLine>
        {
            new("u1", Label.Bonafide, 0.1 + 0.2),
            new("u2", Label.Spoof, -1.2345678901234567e-300),
            new("u3", Label.Spoof, double.PositiveInfinity),
        };
        var w = new StringWriter();
        ScoreFile.Write(w, lines);
        Assert.StartsWith("u1 bonafide 0.30000000000000004\n", w.ToString().ReplaceLineEndings("\n"));
        var back = ScoreFile.Parse(new StringReader(w.ToString()), "x");
        Assert.Equal(lines.Select(l => (l.UttId, l.Label, l.Score)), back.Select(l => (l.UttId, l.Label, l.Score)));

        var unlabelled = new StringWriter();
        ScoreFile.Write(unlabelled, [new ScoreLine("u1", null, 2.5)]);
        Assert.Equal("u1 2.5", unlabelled.ToString().Trim());
        Assert.Throws<ArgumentException>(() => ScoreFile.Write(new StringWriter(), [new ScoreLine("u1", null, 1), new ScoreLine("u2", Label.Spoof, 1)]));
    }
}
