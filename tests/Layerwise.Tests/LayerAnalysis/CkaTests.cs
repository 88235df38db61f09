using System.Text.Json;
using Layerwise.LayerAnalysis;
using TorchSharp;

namespace Layerwise.Tests.LayerAnalysis;

public class CkaTests
{
    static JsonElement Golden() => JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixtures("layer-analysis", "golden.json"))).RootElement.GetProperty("cka");

    static torch.Tensor Matrix(JsonElement rows)
    {
        var data = rows.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        return torch.tensor(data.SelectMany(r => r).ToArray(), [data.Length, data[0].Length], torch.float64);
    }

    [Fact]
    public void MatchesTheNumpyGramFormOnFixedRandomMatricesTo1e9()
    {
        var g = Golden();
        var layers = g.GetProperty("layers").EnumerateArray().Select(Matrix).ToList();
        using var other = Matrix(g.GetProperty("other"));
        var within = Cka.Matrix(layers);
        var cross = Cka.Matrix(layers, [other]);
        var expected = g.GetProperty("matrix").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        var expectedCross = g.GetProperty("cross").EnumerateArray().Select(r => r[0].GetDouble()).ToArray();
        for (int i = 0; i < layers.Count; i++)
        {
            for (int j = 0; j < layers.Count; j++)
                Assert.True(Math.Abs(within[i, j] - expected[i][j]) < 1e-9, $"CKA[{i},{j}] = {within[i, j]:R}, numpy {expected[i][j]:R}");
            Assert.True(Math.Abs(cross[i, 0] - expectedCross[i]) < 1e-9, $"cross[{i}] = {cross[i, 0]:R}, numpy {expectedCross[i]:R}");
            Assert.True(Math.Abs(Cka.Linear(layers[i], other) - expectedCross[i]) < 1e-9);
        }
        // The golden values span the range (one near-duplicate pair, one unrelated layer), so agreement is not trivial.
        Assert.InRange(expected[0][3], 0.0, 0.2);
        Assert.InRange(expected[0][1], 0.5, 0.9);
        foreach (var t in layers)
            t.Dispose();
    }

    [Fact]
    public void IsInvariantToOrthogonalTransformsAndIsotropicScalingButNotToAnisotropicScaling()
    {
        var g = Golden();
        using var x = Matrix(g.GetProperty("layers")[1]);
        using var y = Matrix(g.GetProperty("other"));
        double reference = Cka.Linear(x, y);

        torch.manual_seed(3);
        var (q, _) = torch.linalg.qr(torch.randn(6, 6, torch.float64));
        using (q)
        using (var rotated = torch.matmul(x, q))
        {
            Assert.True(torch.allclose(torch.matmul(q.t(), q), torch.eye(6, dtype: torch.float64), atol: 1e-12)); // q is orthogonal
            Assert.False(torch.allclose(rotated, x, atol: 1e-3));
            Assert.True(Math.Abs(Cka.Linear(rotated, y) - reference) < 1e-12);
        }
        using (var scaled = x * 37.5)
            Assert.True(Math.Abs(Cka.Linear(scaled, y * 1e-3) - reference) < 1e-12);
        using (var shifted = x + 1000.0) // centring: an offset changes nothing
            Assert.True(Math.Abs(Cka.Linear(shifted, y) - reference) < 1e-9);

        using var stretch = torch.tensor(new double[] { 1, 1, 1, 1, 1, 25 });
        using var anisotropic = x * stretch;
        Assert.True(Math.Abs(Cka.Linear(anisotropic, y) - reference) > 1e-3);
        Assert.Equal(1.0, Cka.Linear(x, x), 12);
    }

    [Fact]
    public void RefusesRepresentationsOfDifferentItems()
    {
        using var a = torch.randn(10, 3, torch.float64);
        using var b = torch.randn(11, 3, torch.float64);
        Assert.Throws<ArgumentException>(() => Cka.Linear(a, b));
    }
}
