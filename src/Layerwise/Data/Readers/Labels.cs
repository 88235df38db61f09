namespace Layerwise.Data.Readers;

/// <summary>The label words each dataset uses. Case-sensitive as in the official files, except where noted.</summary>
internal static class Labels
{
    public static bool TryBonafideSpoof(string word, out Label label)
    {
        switch (word)
        {
            case "bonafide": label = Label.Bonafide; return true;
            case "spoof": label = Label.Spoof; return true;
            default: label = default; return false;
        }
    }

    /// <summary>The paper's load_label: KEY in field 5, falling back to field 6 when field 5 is not a label word.</summary>
    public static bool TryPaperKey(string[] fields, out Label label)
    {
        label = default;
        return (fields.Length > 4 && TryBonafideSpoof(fields[4], out label))
            || (fields.Length > 5 && TryBonafideSpoof(fields[5], out label));
    }

    public const string NoAttack = "-";
}
