namespace Layerwise.Hub;

/// <summary>File names the hub client fetches, as they are named in a transformers model repo.</summary>
public static class HubFiles
{
    public const string Config = "config.json";
    public const string PreprocessorConfig = "preprocessor_config.json";
    public const string Safetensors = "model.safetensors";
    public const string SafetensorsIndex = "model.safetensors.index.json";
    public const string PytorchBin = "pytorch_model.bin";
}
