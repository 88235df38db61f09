namespace Layerwise.Data.Demo;

/// <summary>Which dataset the demo corpus imitates (content and on-disk layout).</summary>
public enum DemoScenario
{
    /// <summary>ASVspoof 2019 LA: full utterances, English-like, spoofs by resynthesis attacks.</summary>
    La,
    /// <summary>PartialSpoof: spoofed segments spliced into bona fide speech, with segment labels.</summary>
    Partial,
    /// <summary>CtrSVDD: sung notes with vibrato; spoofs by the same resynthesis attacks.</summary>
    Song,
    /// <summary>SceneFake: speech in acoustic scenes; spoof = the scene manipulated by speech enhancement.</summary>
    Scene,
    /// <summary>ASVspoof 2019 LA layout with three synthetic languages (phone inventories and prosody differ).</summary>
    Multilingual,
}
