using System.Globalization;
using Layerwise.Data;

namespace Layerwise.Metrics;

/// <summary>Field rules of score and key files as the ASVspoof tools write them: scores, labels, and an allocation-free
/// splitter for the score reader's hot path (lines are read by <see cref="Data.Readers.ProtocolText"/>).</summary>
internal static class TextFields
{
    /// <summary>Field boundaries of one line without allocating; returns the number of fields, which may exceed
    /// <paramref name="fields"/>.Length (only the first ones are stored).</summary>
    public static int Split(ReadOnlySpan<char> line, Span<Range> fields)
    {
        int n = 0, i = 0;
        while (true)
        {
            while (i < line.Length && (line[i] == ' ' || line[i] == '\t')) i++;
            if (i == line.Length) return n;
            int start = i;
            while (i < line.Length && line[i] != ' ' && line[i] != '\t') i++;
            if (n < fields.Length) fields[n] = start..i;
            n++;
        }
    }

    public static double ParseScore(ReadOnlySpan<char> text, string path, int line)
    {
        // Python writes infinities as "inf"; .NET spells them "Infinity". Common case first: no allocation.
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
        {
            if (text.Equals("inf", StringComparison.OrdinalIgnoreCase) || text.Equals("+inf", StringComparison.OrdinalIgnoreCase))
                v = double.PositiveInfinity;
            else if (text.Equals("-inf", StringComparison.OrdinalIgnoreCase))
                v = double.NegativeInfinity;
            else
                throw new ScoreFileException(path, line, $"'{text}' is not a number");
        }
        if (double.IsNaN(v))
            throw new ScoreFileException(path, line, "score is NaN");
        return v;
    }

    public static bool TryParseLabel(ReadOnlySpan<char> text, out Label label)
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
