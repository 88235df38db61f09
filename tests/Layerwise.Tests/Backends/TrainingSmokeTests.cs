using Layerwise.Models.Backends;
using TorchSharp;
using TorchSharp.Modules;

namespace Layerwise.Tests.Backends;

/// <summary>Train mode: gradients reach the layer weights, and an Adam step lowers the loss on its batch.</summary>
[Collection(TorchRngCollection.Name)]
public class TrainingSmokeTests
{
    [Theory]
    [InlineData(BackendKind.Ffn)]
    [InlineData(BackendKind.Aasist)]
    public void OneAdamStepReducesTheLossAndGradientsReachWeightHidd(BackendKind kind)
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(11);
        using var backend = BackendCatalog.Create(kind, 16, 3);
        backend.train();
        var features = torch.randn(6, 3, 30, 16);
        var labels = torch.tensor(new long[] { 0, 1, 0, 1, 1, 0 });
        var lossFunction = torch.nn.CrossEntropyLoss(torch.tensor(new float[] { 0.1f, 0.9f }));
        var optimizer = torch.optim.Adam(backend.parameters(), lr: 1e-4, weight_decay: 1e-4);

        torch.manual_seed(5); // same dropout masks in both passes, so the losses are comparable
        var before = lossFunction.call(backend.call(features), labels);
        optimizer.zero_grad();
        before.backward();
        var grad = backend.named_parameters().Single(p => p.name == "weight_hidd").parameter.grad;
        Assert.NotNull(grad);
        Assert.True(grad!.abs().sum().ToDouble() > 0);
        Assert.True(grad.isfinite().all().ToBoolean());
        optimizer.step();

        torch.manual_seed(5);
        var after = lossFunction.call(backend.call(features), labels);
        Assert.True(after.ToDouble() < before.ToDouble(), $"loss {before.ToDouble()} -> {after.ToDouble()}");
    }

    [Fact]
    public void AasistDiscardedBn1StillUpdatesItsRunningStatisticsInTraining_AsInPyTorch()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(2);
        using var backend = BackendCatalog.Create(BackendKind.Aasist, 16, 2);
        var features = torch.randn(2, 2, 30, 16);
        var runningMean = backend.state_dict()["encoder.1.0.bn1.running_mean"];
        var bn1Weight = backend.named_parameters().Single(p => p.name == "encoder.1.0.bn1.weight").parameter;

        backend.eval();
        using (torch.no_grad())
            backend.call(features);
        Assert.Equal(0.0, runningMean.abs().sum().ToDouble());

        backend.train();
        backend.call(features).sum().backward();
        Assert.True(runningMean.abs().sum().ToDouble() > 0);
        Assert.Null(bn1Weight.grad); // its output is discarded, so it gets no gradient
    }
}
