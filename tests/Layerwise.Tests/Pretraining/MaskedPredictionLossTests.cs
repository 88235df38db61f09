using Layerwise.Pretraining;
using TorchSharp;
using static TorchSharp.torch;

namespace Layerwise.Tests.Pretraining;

public class MaskedPredictionLossTests
{
    public static TheoryData<int> Cases => [0, 1];

    [Theory]
    [MemberData(nameof(Cases))]
    public void LossGradientAndAccuracyMatchFairseqComputeNce(int index)
    {
        using var scope = NewDisposeScope();
        var c = PretrainingGolden.Root.GetProperty("loss")[index];
        int n = c.GetProperty("n").GetInt32(), p = c.GetProperty("p").GetInt32(), k = c.GetProperty("k").GetInt32();
        var projected = tensor(PretrainingGolden.Doubles(c.GetProperty("projected")), [n, p], ScalarType.Float64).requires_grad_(true);
        var embeddings = tensor(PretrainingGolden.Doubles(c.GetProperty("embeddings")), [k, p], ScalarType.Float64);
        var targets = tensor(PretrainingGolden.Longs(c.GetProperty("targets")));

        var (loss, correct) = MaskedPredictionLoss.Compute(projected, embeddings, targets);
        loss.backward();

        Assert.Equal(c.GetProperty("loss").GetDouble(), loss.item<double>(), 1e-6);
        Assert.Equal(c.GetProperty("correct").GetInt64(), correct);
        var grad = projected.grad!.data<double>().ToArray();
        var expected = PretrainingGolden.Doubles(c.GetProperty("grad"));
        Assert.Equal(expected.Length, grad.Length);
        Assert.True(expected.Zip(grad).All(t => Math.Abs(t.First - t.Second) < 1e-6),
            $"largest gradient difference {expected.Zip(grad).Max(t => Math.Abs(t.First - t.Second)):E2}");
    }

    [Fact]
    public void Float32LossAgreesWithTheReference()
    {
        using var scope = NewDisposeScope();
        var c = PretrainingGolden.Root.GetProperty("loss")[1];
        int n = c.GetProperty("n").GetInt32(), p = c.GetProperty("p").GetInt32(), k = c.GetProperty("k").GetInt32();
        var projected = tensor(PretrainingGolden.Doubles(c.GetProperty("projected")), [n, p], ScalarType.Float64).to(ScalarType.Float32);
        var embeddings = tensor(PretrainingGolden.Doubles(c.GetProperty("embeddings")), [k, p], ScalarType.Float64).to(ScalarType.Float32);
        var (loss, _) = MaskedPredictionLoss.Compute(projected, embeddings, tensor(PretrainingGolden.Longs(c.GetProperty("targets"))));
        Assert.Equal(c.GetProperty("loss").GetDouble(), loss.item<float>(), 1e-5);
    }

    [Fact]
    public void LogitsAreCosinesOverTheTemperature()
    {
        using var scope = NewDisposeScope();
        // Hand-computed: x = (1, 0); e0 = (2, 0) → cos 1; e1 = (1, 1) → cos 1/√2; e2 = (0, -3) → cos 0.
        var logits = MaskedPredictionLoss.Logits(tensor(new double[] { 1, 0 }, [1, 2]), tensor(new double[] { 2, 0, 1, 1, 0, -3 }, [3, 2]));
        var v = logits.data<double>().ToArray();
        Assert.Equal(10.0, v[0], 1e-12);
        Assert.Equal(10.0 / Math.Sqrt(2), v[1], 1e-12);
        Assert.Equal(0.0, v[2], 1e-12);
    }
}
