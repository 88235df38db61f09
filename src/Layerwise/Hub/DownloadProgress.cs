namespace Layerwise.Hub;

/// <summary>Progress of one file's download; <see cref="TotalBytes"/> is null when the server does not say.</summary>
public sealed record DownloadProgress(string File, long BytesDone, long? TotalBytes);
