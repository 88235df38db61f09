using System.Globalization;

namespace Layerwise.Models.Ssl.Checkpoints;

/// <summary>
/// Evaluates fairseq's <c>conv_feature_layers</c>, a Python expression such as
/// <c>[(512, 10, 5)] + [(512, 3, 2)] * 4 + [(512,2,2)] * 2</c>, without Python: list literals of
/// (dim, kernel, stride) integer tuples joined by + and repeated by * n. Anything else is an error.
/// </summary>
public static class ConvLayersExpression
{
    public static IReadOnlyList<(int Dim, int Kernel, int Stride)> Parse(string text, string source)
    {
        var p = new Parser(text, source);
        var result = p.Sum();
        p.SkipSpace();
        if (!p.AtEnd)
            throw p.Error("unexpected text");
        if (result.Count == 0)
            throw p.Error("no conv layers");
        return result;
    }

    sealed class Parser(string text, string source)
    {
        int pos;

        public bool AtEnd => pos >= text.Length;

        public SslInputException Error(string what) =>
            new($"{source}: conv_feature_layers \"{text}\" is not a list of (dim, kernel, stride) tuples: {what} at character {pos}");

        public void SkipSpace()
        {
            while (pos < text.Length && char.IsWhiteSpace(text[pos]))
                pos++;
        }

        bool Accept(char c)
        {
            SkipSpace();
            if (pos < text.Length && text[pos] == c)
            {
                pos++;
                return true;
            }
            return false;
        }

        void Expect(char c)
        {
            if (!Accept(c))
                throw Error($"expected '{c}'");
        }

        public List<(int, int, int)> Sum()
        {
            var list = Product();
            while (Accept('+'))
                list.AddRange(Product());
            return list;
        }

        List<(int, int, int)> Product()
        {
            var list = Atom();
            while (Accept('*'))
            {
                int n = Int();
                if (n < 0 || n > 1000)
                    throw Error($"repeat count {n}");
                list = Enumerable.Repeat(list, n).SelectMany(x => x).ToList();
            }
            return list;
        }

        List<(int, int, int)> Atom()
        {
            if (Accept('('))
            {
                var inner = Sum();
                Expect(')');
                return inner;
            }
            Expect('[');
            var list = new List<(int, int, int)>();
            if (Accept(']'))
                return list;
            do
            {
                Expect('(');
                int dim = Int();
                Expect(',');
                int kernel = Int();
                Expect(',');
                int stride = Int();
                Accept(',');
                Expect(')');
                list.Add((dim, kernel, stride));
            }
            while (Accept(',') && !PeekClose());
            Expect(']');
            return list;
        }

        bool PeekClose()
        {
            SkipSpace();
            return pos < text.Length && text[pos] == ']';
        }

        int Int()
        {
            SkipSpace();
            int start = pos;
            while (pos < text.Length && char.IsAsciiDigit(text[pos]))
                pos++;
            if (start == pos)
                throw Error("expected an integer");
            return int.TryParse(text.AsSpan(start, pos - start), NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : throw Error("integer too large");
        }
    }
}
