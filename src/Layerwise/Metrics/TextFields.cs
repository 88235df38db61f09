using System.Globalization;
using Layerwise.Data;

namespace Layerwise.Metrics;

/// <summary>Whitespace-separated text files as the ASVspoof tools write them; shared parsing rules.</summary>
internal static class TextFields
{
    static readonly char[] Separators = [' ', '\t'];

    /// <summary>Lines split into fields, with 1-based line numbers; blank lines and '#' comments skipped.</summary>
    public static IEnumerable<(int Line, string[] Fields)> Read(TextReader reader)
    {
        int lineNo = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] == '#')
                continue;
            yield return (lineNo, trimmed.Split(Separators, StringSplitOptions.RemoveEmptyEntries));
        }
    }

    public static double ParseScore(string text, string path, int line)
    {
        // Python writes infinities as "inf"; .NET spells them "Infinity". Common case first: no allocation.
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
        {
            v = text.ToLowerInvariant() switch
            {
                "inf" or "+inf" => double.PositiveInfinity,
                "-inf" => double.NegativeInfinity,
                _ => throw new ScoreFileException(path, line, $"'{text}' is not a number"),
            };
        }
        if (double.IsNaN(v))
            throw new ScoreFileException(path, line, "score is NaN");
        return v;
    }

    public static bool TryParseLabel(string text, out Label label)
    {
        if (text.Equals("bonafide", StringComparison.OrdinalIgnoreCase) || text.Equals("bona-fide", StringComparison.OrdinalIgnoreCase))
        {
            label = Label.Bonafide;
            return true;
        }
        if (text.Equals("spoof", StringComparison.OrdinalIgnoreCase))
        {
            label = Label.Spoof;
            return true;
        }
        label = default;
        return false;
    }

    public static string LabelText(Label label) => label == Label.Bonafide ? "bonafide" : "spoof";

    public static string FormatScore(double score) => score.ToString("R", CultureInfo.InvariantCulture);
}
