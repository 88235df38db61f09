using System.Globalization;
using System.Text;

namespace Layerwise.Pretraining;

/// <summary>pretraining_log.csv in a pretrained model folder: <c>step,loss,masked_accuracy,masked_fraction,lr</c>, one row per step.</summary>
public static class PretrainingLog
{
    public const string FileName = "pretraining_log.csv";
    const string Header = "step,loss,masked_accuracy,masked_fraction,lr";

    public static string Format(IEnumerable<PretrainingStep> steps)
    {
        var sb = new StringBuilder(Header).Append('\n');
        foreach (var s in steps)
            sb.Append(CultureInfo.InvariantCulture, $"{s.Step},{s.Loss:R},{s.MaskedAccuracy:R},{s.MaskedFraction:R},{s.LearningRate:R}\n");
        return sb.ToString();
    }

    public static IReadOnlyList<PretrainingStep> Read(string path)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0] != Header)
            throw new PretrainingInputException($"{path}:1: expected the header '{Header}'");
        var steps = new List<PretrainingStep>(lines.Length - 1);
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
                continue;
            var f = lines[i].Split(',');
            double D(int j) => double.Parse(f[j], NumberStyles.Float, CultureInfo.InvariantCulture);
            if (f.Length != 5 || !int.TryParse(f[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int step))
                throw new PretrainingInputException($"{path}:{i + 1}: expected 5 comma-separated values");
            try
            {
                steps.Add(new PretrainingStep(step, D(1), D(2), D(3), D(4)));
            }
            catch (FormatException)
            {
                throw new PretrainingInputException($"{path}:{i + 1}: not a number");
            }
        }
        return steps;
    }
}
