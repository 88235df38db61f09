using System.Text.Json.Serialization;

namespace Layerwise.Training;

/// <summary>
/// A training scenario of the paper (reference section 2.7): its cross-entropy class weights
/// [spoof, bona fide] and its input policy (a fixed 64,600-sample head crop / tile, or full utterances
/// zero-padded per batch).
/// </summary>
public sealed record Scenario(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("spoof_weight")] double SpoofWeight,
    [property: JsonPropertyName("bonafide_weight")] double BonafideWeight,
    [property: JsonPropertyName("fixed_length")] int? FixedLength)
{
    /// <summary>The cache key's input-policy string.</summary>
    [JsonIgnore]
    public string InputPolicy => FixedLength is int n ? $"fixed:{n}:head-crop+tile" : "full";

    public const int PaperLength = 64600;

    public static Scenario La19 { get; } = new("LA19", 0.1, 0.9, PaperLength);
    public static Scenario Add23 { get; } = new("ADD23", 0.1, 0.9, PaperLength);
    public static Scenario Habla { get; } = new("HABLA", 0.3, 0.7, PaperLength);
    public static Scenario Partial { get; } = new("Partial", 0.1, 0.9, null);
    public static Scenario Had { get; } = new("HAD", 0.5, 0.5, null);
    public static Scenario SceneFake { get; } = new("SceneFake", 0.2, 0.8, PaperLength);
    public static Scenario CtrSvdd { get; } = new("CtrSVDD", 0.15, 0.85, PaperLength);

    /// <summary>The synthetic demo corpus uses the ASVspoof 2019 LA layout, hence LA19's class weights; its clips
    /// are 1–2.5 s, and a 1 s head crop / tile (49 frames instead of 201) keeps the demo inside its time budget.</summary>
    public static Scenario Demo { get; } = La19 with { Name = "demo", FixedLength = 16000 };

    public static IReadOnlyList<Scenario> All { get; } = [La19, Add23, Habla, Partial, Had, SceneFake, CtrSvdd, Demo];

    /// <summary>The scenario of the paper's training script for a training dataset (reference 2.7); null when the
    /// paper trained on no such dataset (then the scenario must be named: there is no silent LA19 default).</summary>
    public static Scenario? ForDataset(string datasetId) => datasetId.Trim().ToLowerInvariant() switch
    {
        "asvspoof2019-la" => La19,
        "add2023" => Add23,
        "habla" => Habla,
        "partialspoof" => Partial,
        "had" => Had,
        "scenefake" => SceneFake,
        "ctrsvdd" => CtrSvdd,
        "demo" => La19, // the demo corpus is in the LA19 layout; DemoJob picks its shorter Demo crop itself
        _ => null,
    };

    public static Scenario Get(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new LayerwiseInputException($"unknown scenario '{name}' (known: {string.Join(", ", All.Select(s => s.Name))})");
}
