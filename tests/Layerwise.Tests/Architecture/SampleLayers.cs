// Types whose references the layering test's IL reader must find: each namespace below uses Samples.Low in one way.

namespace Layerwise.Tests.Architecture.Samples.Low
{
    public sealed class LowThing
    {
        public int Value;
        public static int Make() => 1;
    }

    public interface ILow;
}

namespace Layerwise.Tests.Architecture.Samples.ByField
{
    public sealed class ByField
    {
        public Low.LowThing? Field;
    }
}

namespace Layerwise.Tests.Architecture.Samples.ByBody
{
    public static class ByBody
    {
        public static int Run() => Low.LowThing.Make();
    }
}

namespace Layerwise.Tests.Architecture.Samples.ByClosure
{
    public static class ByClosure
    {
        // The lambda captures x, so its body lives in a compiler-generated nested class.
        public static Func<int> Run(int x) => () => x + Low.LowThing.Make();
    }
}

namespace Layerwise.Tests.Architecture.Samples.ByGeneric
{
    public static class ByGeneric
    {
        public static object Run() => new List<Low.LowThing>();
    }
}

namespace Layerwise.Tests.Architecture.Samples.ByInterface
{
    public sealed class ByInterface : Low.ILow;
}

namespace Layerwise.Tests.Architecture.Samples.None
{
    public static class None
    {
        public static int Run() => 42;
    }
}
