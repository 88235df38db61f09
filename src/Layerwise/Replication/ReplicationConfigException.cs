namespace Layerwise.Replication;

/// <summary>A replication config (or its run folder) that cannot be used; the message names the file and what is wrong.</summary>
public sealed class ReplicationConfigException(string message) : LayerwiseInputException(message);
