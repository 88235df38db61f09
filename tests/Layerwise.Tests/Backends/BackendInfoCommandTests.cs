using System.Text.Json;
using Layerwise.Cli;

namespace Layerwise.Tests.Backends;

public class BackendInfoCommandTests
{
    static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    [Theory]
    [InlineData("ffn", 768, 12, 164_774)]
    [InlineData("aasist", 1024, 24, 447_314)]
    public void PrintsTheReferenceParameterCountAsJson(string backend, int dim, int layers, long expected)
    {
        var (code, output, _) = Run("backend-info", "--backend", backend, "--dim", $"{dim}", "--layers", $"{layers}");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(expected, root.GetProperty("trainable_parameters").GetInt64());
        Assert.Equal(backend, root.GetProperty("backend").GetString());
        Assert.Equal(dim, root.GetProperty("dim").GetInt32());
        Assert.Equal(layers, root.GetProperty("layers").GetInt32());
    }

    [Theory]
    [InlineData("--backend", "lstm", "--dim", "768", "--layers", "12")]
    [InlineData("--backend", "ffn", "--dim", "0", "--layers", "12")]
    [InlineData("--backend", "ffn", "--dim", "768", "--layers", "-1")]
    [InlineData("--backend", "ffn", "--dim", "768")]
    public void BadArgumentsExitWithCode2(params string[] args)
    {
        var (code, output, error) = Run(["backend-info", .. args]);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.NotEqual("", error.Trim());
    }
}
