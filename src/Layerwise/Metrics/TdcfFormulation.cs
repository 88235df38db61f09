namespace Layerwise.Metrics;

/// <summary>The two official t-DCF formulations.</summary>
public enum TdcfFormulation
{
    /// <summary>ASVspoof 2019 (Kinnunen et al., Odyssey 2018): t-DCF(s) = C1·Pmiss_cm(s) + C2·Pfa_cm(s),
    /// normalised by min(C1, C2), with C2 built from the ASV spoof miss rate.</summary>
    Asvspoof2019Legacy = 0,

    /// <summary>ASVspoof 2021 (Kinnunen et al., TASLP 2020): t-DCF(s) = C0 + C1·Pmiss_cm(s) + C2·Pfa_cm(s),
    /// normalised by C0 + min(C1, C2), with C2 built from the ASV spoof false alarm rate.</summary>
    Asvspoof2021Revised = 1,
}
