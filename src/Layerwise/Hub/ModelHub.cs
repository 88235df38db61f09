namespace Layerwise.Hub;

/// <summary>Hugging Face hub access. (Contract stub: implemented by the hub module.)</summary>
public static class ModelHub
{
    /// <summary>
    /// Returns a local folder holding config.json, preprocessor_config.json (when the repo has one) and the
    /// weights of <paramref name="repoId"/> (e.g. "facebook/wav2vec2-base"), downloading into the standard
    /// Hugging Face cache (HF_HOME / HF_HUB_CACHE) what is not there yet.
    /// </summary>
    public static string Download(string repoId, string revision = "main", IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException("arrives with the hub module");
}
