using System.Text.Json;
using Layerwise.Cli;

namespace Layerwise.Tests.Demo;

public class DemoDataCommandTests
{
    static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    [Fact]
    public void DemoData_WritesCorpus_PrintsJson_ThenReuses()
    {
        using var tmp = new TempDir();
        string root = tmp.Sub("demo");
        string[] args = ["demo-data", "--out", root, "--seed", "3", "--train", "8", "--dev", "4", "--eval", "12",
            "--speakers", "2", "--eval-attacks", "6", "--min-seconds", "1", "--max-seconds", "1.2"];
        var (code, output, err) = Run(args);
        Assert.True(code == 0, err);
        using (var json = JsonDocument.Parse(output))
        {
            var r = json.RootElement;
            Assert.True(r.GetProperty("synthetic").GetBoolean());
            Assert.Equal("asvspoof2019-la", r.GetProperty("dataset").GetString());
            Assert.False(r.GetProperty("reused").GetBoolean());
            var eval = r.GetProperty("splits").GetProperty("eval");
            Assert.Equal(12, eval.GetProperty("utterances").GetInt32());
            Assert.Equal(3, eval.GetProperty("bonafide").GetInt32());
            Assert.Equal(6, eval.GetProperty("attacks").EnumerateObject().Count());
        }
        Assert.Equal(12, File.ReadAllLines(Path.Combine(root, "LA/ASVspoof2019_LA_cm_protocols/ASVspoof2019.LA.cm.eval.trl.txt")).Length);

        var (code2, output2, _) = Run(args);
        Assert.Equal(0, code2);
        using var json2 = JsonDocument.Parse(output2);
        Assert.True(json2.RootElement.GetProperty("reused").GetBoolean());
    }

    [Theory]
    [InlineData("--eval-attacks", "9")]
    [InlineData("--scenario", "opera")]
    public void DemoData_BadOptions_ExitWithInputError(string option, string value)
    {
        using var tmp = new TempDir();
        var (code, _, err) = Run("demo-data", "--out", tmp.Sub("x"), option, value);
        Assert.Equal(2, code);
        Assert.NotEmpty(err.Trim());
    }
}
