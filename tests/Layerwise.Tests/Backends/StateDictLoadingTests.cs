using Layerwise.Models.Backends;
using TorchSharp;

namespace Layerwise.Tests.Backends;

public class StateDictLoadingTests
{
    [Fact]
    public void LoadsAReferenceTorchSaveCheckpoint_IgnoringSslKeysAndKeepingNumBatchesTracked()
    {
        // Built by fixtures/backend-parity/make_reference_checkpoint.py with PyTorch 1.13: the FFN fixture weights
        // plus ssl.* keys and layer_norm.num_batches_tracked = 1234, as torch.save(model.state_dict()) writes them.
        using var scope = torch.NewDisposeScope();
        using var backend = BackendCatalog.Create(BackendKind.Ffn, 64, 4);
        backend.LoadReferenceStateDict(BackendFixtures.Path("ffn_reference_checkpoint.pt"));
        backend.eval();
        var io = BackendFixtures.Io(BackendKind.Ffn);
        using var _ = torch.no_grad();

        Assert.True(BackendFixtures.MaxAbsDiff(io["logits"], backend.call(io["input"])) < 1e-4);
        Assert.Equal(1234L, backend.state_dict()["layer_norm.num_batches_tracked"].ToInt64());
    }

    [Theory]
    [InlineData("ffn_weights.safetensors", BackendKind.Ffn)]
    [InlineData("aasist_weights.safetensors", BackendKind.Aasist)]
    [InlineData("ffn_reference_checkpoint.pt", BackendKind.Ffn)]
    public void FromReferenceStateDictInfersKindAndShape(string file, BackendKind kind)
    {
        using var backend = BackendCatalog.FromReferenceStateDict(BackendFixtures.Path(file));
        Assert.Equal(kind, backend.Kind);
        Assert.Equal(64, backend.FeatureDim);
        Assert.Equal(4, backend.NumLayers);
    }

    [Fact]
    public void WrongFeatureSizeNamesTheFileAndTheKey()
    {
        using var backend = BackendCatalog.Create(BackendKind.Ffn, 768, 4);
        string path = BackendFixtures.Weights(BackendKind.Ffn);
        var e = Assert.Throws<BackendStateDictException>(() => { backend.LoadReferenceStateDict(path); });
        Assert.Contains(path, e.Message);
        Assert.Contains("LL.weight [128, 64] vs model [128, 768]", e.Message);
        Assert.IsAssignableFrom<LayerwiseInputException>(e);
    }

    [Fact]
    public void OtherBackendsWeightsAreRejectedWithTheirKeys()
    {
        using var backend = BackendCatalog.Create(BackendKind.Ffn, 64, 4);
        var e = Assert.Throws<BackendStateDictException>(() => { backend.LoadReferenceStateDict(BackendFixtures.Weights(BackendKind.Aasist)); });
        Assert.Contains("missing keys: ", e.Message);
        Assert.Contains("LL2.weight", e.Message);
        Assert.Contains("unexpected keys: ", e.Message);
    }

    [Fact]
    public void TruncatedSafetensorsFileIsAnInputError()
    {
        string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"truncated-{Guid.NewGuid():N}.safetensors");
        File.WriteAllBytes(path, File.ReadAllBytes(BackendFixtures.Weights(BackendKind.Ffn))[..5000]);
        try
        {
            using var backend = BackendCatalog.Create(BackendKind.Ffn, 64, 4);
            var e = Assert.Throws<BackendStateDictException>(() => { backend.LoadReferenceStateDict(path); });
            Assert.Contains(path, e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void NotAStateDictIsAnInputError()
    {
        string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"garbage-{Guid.NewGuid():N}.pt");
        File.WriteAllText(path, "this is not a torch.save zip archive");
        try
        {
            using var backend = BackendCatalog.Create(BackendKind.Ffn, 64, 4);
            var e = Assert.Throws<BackendStateDictException>(() => { backend.LoadReferenceStateDict(path); });
            Assert.Contains(path, e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
