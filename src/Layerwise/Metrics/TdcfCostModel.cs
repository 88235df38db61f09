namespace Layerwise.Metrics;

/// <summary>
/// Priors and costs of a t-DCF. The legacy (2019) formulation uses the four ASV/CM costs, the revised (2021) one the
/// three tandem costs; both official models set Pspoof = 0.05, Ptar = 0.95·0.99, Pnon = 0.95·0.01 and costs 1 (miss)
/// and 10 (false alarm).
/// </summary>
public sealed record TdcfCostModel(
    double Ptar,
    double Pnon,
    double Pspoof,
    double Cmiss,
    double Cfa,
    double CfaSpoof,
    double CmissAsv,
    double CfaAsv,
    double CmissCm,
    double CfaCm)
{
    const double OfficialPspoof = 0.05;

    /// <summary>The official ASVspoof 2019 and 2021 cost model (the same numbers serve both formulations).</summary>
    public static TdcfCostModel Official { get; } = new(
        Ptar: (1 - OfficialPspoof) * 0.99,
        Pnon: (1 - OfficialPspoof) * 0.01,
        Pspoof: OfficialPspoof,
        Cmiss: 1, Cfa: 10, CfaSpoof: 10,
        CmissAsv: 1, CfaAsv: 10, CmissCm: 1, CfaCm: 10);
}
