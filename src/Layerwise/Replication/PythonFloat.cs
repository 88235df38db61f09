using System.Globalization;

namespace Layerwise.Replication;

/// <summary>Numbers as the paper's scripts printed them: Python's repr of a float (shortest round-trip digits,
/// always a '.0' or an exponent, 'nan'), and repr(round(x, 2)) for the EER tables.</summary>
public static class PythonFloat
{
    public static string Repr(double v)
    {
        if (double.IsNaN(v))
            return "nan";
        if (double.IsInfinity(v))
            return v > 0 ? "inf" : "-inf";
        // .NET's shortest round-trip switches to exponent notation at the same points as Python (1e-05, 1e+16).
        string s = v.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal);
        int e = s.IndexOf('e', StringComparison.Ordinal);
        if (e >= 0)
        {
            string mantissa = s[..e], exponent = s[(e + 1)..];
            char sign = exponent[0] == '-' ? '-' : '+';
            string digits = exponent.TrimStart('+', '-');
            return $"{mantissa}e{sign}{(digits.Length < 2 ? "0" + digits : digits)}";
        }
        return s.Contains('.', StringComparison.Ordinal) ? s : s + ".0";
    }

    /// <summary>repr(round(v, 2)): half-to-even on the decimal value, as Python rounds.</summary>
    public static string Round2(double v) =>
        double.IsNaN(v) || double.IsInfinity(v) ? Repr(v) : Repr((double)Math.Round((decimal)v, 2, MidpointRounding.ToEven));
}
