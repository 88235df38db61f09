namespace Layerwise.Metrics;

/// <summary>How scores meet their protocol. By default every protocol entry must be scored and every score must be
/// in the protocol. <see cref="AllowUnscored"/> lets protocol entries go without a score (e.g. scoring a subset);
/// <see cref="Phase"/> keeps only entries of that ASVspoof 2021 phase (progress|eval|hidden_track) after joining.</summary>
public sealed record JoinOptions
{
    public bool AllowUnscored { get; init; }
    public string? Phase { get; init; }
}
