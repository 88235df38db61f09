using Layerwise.Tests.Architecture.Samples.Low;

namespace Layerwise.Tests.Architecture;

/// <summary>The direction of the library's dependencies, as ARCHITECTURE.md orders its namespaces, read from the
/// built assembly's IL; and tests of the checker itself, so that it can fail.</summary>
public class LayeringTests
{
    const string Samples = "Layerwise.Tests.Architecture.Samples";
    static readonly string[] Users = ["ByField", "ByBody", "ByClosure", "ByGeneric", "ByInterface"];

    static LayerOrder Documented() => LayerOrder.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "ARCHITECTURE.md")));

    [Fact]
    public void The_library_uses_only_its_own_layer_and_those_below_it()
    {
        var references = TypeReferences.Read(typeof(LayerwiseInputException).Assembly.Location);
        Assert.Contains(references, r => r.FromNamespace == "Layerwise.Study" && r.ToNamespace == "Layerwise.Training");
        var violations = Documented().Violations(references, "Layerwise");
        Assert.True(violations.Count == 0, "ARCHITECTURE.md's layer order is broken:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void Every_namespace_of_the_library_is_in_the_layer_order()
    {
        var order = Documented();
        var namespaces = typeof(LayerwiseInputException).Assembly.GetTypes()
            .Select(t => t.Namespace).OfType<string>().Where(n => n.StartsWith("Layerwise", StringComparison.Ordinal)).Distinct().Order();
        Assert.DoesNotContain(namespaces, n => order.LevelOf(n) is null);
    }

    [Fact]
    public void The_reader_finds_uses_in_fields_bodies_closures_generic_arguments_and_interfaces()
    {
        var references = TypeReferences.Read(typeof(LowThing).Assembly.Location);
        foreach (var user in Users)
            Assert.Contains(new TypeReference($"{Samples}.{user}", user, $"{Samples}.Low", user == "ByInterface" ? "ILow" : "LowThing"), references);
        Assert.DoesNotContain(references, r => r.FromNamespace == $"{Samples}.None");
    }

    [Fact]
    public void An_upward_use_in_real_IL_is_reported_and_a_downward_one_is_not()
    {
        var references = TypeReferences.Read(typeof(LowThing).Assembly.Location);
        string Order(params string[] names) => "# x\n\n" + LayerOrder.Heading + "\n\n" +
            string.Join("\n", names.Select((n, i) => $"{i + 1}. `{Samples}.{n}` — layer {i + 1}")) + "\n\n## next\n1. `Layerwise.Ignored`\n";
        var upward = LayerOrder.Parse(Order([.. Users, "None", "Low"])).Violations(references, Samples);
        Assert.Equal(Users.Length, upward.Count);
        Assert.All(upward, v => Assert.Contains($"uses {Samples}.Low.", v));
        Assert.Empty(LayerOrder.Parse(Order(["Low", .. Users, "None"])).Violations(references, Samples));
    }

    [Fact]
    public void Peers_share_a_level_sub_namespaces_inherit_theirs_and_the_root_covers_only_itself()
    {
        var order = LayerOrder.Parse("""
            ## Layer order
            1. `Layerwise` — the input exception
            2. `Layerwise.IO`
            3. `Layerwise.Models.Ssl`, `Layerwise.Hub` — peers (a `Layerwise.Mentioned` after the dash is no layer)
            4. `Layerwise.Models`
            """);
        Assert.Equal(1, order.LevelOf("Layerwise"));
        Assert.Equal(3, order.LevelOf("Layerwise.Models.Ssl.Checkpoints"));
        Assert.Equal(4, order.LevelOf("Layerwise.Models.Backends"));
        Assert.Null(order.LevelOf("Layerwise.Audio"));
        Assert.Null(order.LevelOf("Layerwise.Mentioned"));
        TypeReference Ref(string from, string to) => new(from, "A", to, "B");
        var found = order.Violations([
            Ref("Layerwise.Hub", "Layerwise.Models.Ssl"), Ref("Layerwise.Models.Ssl", "Layerwise.Hub"), // peers
            Ref("Layerwise.Models.Backends", "Layerwise.IO"), Ref("Layerwise.IO", "Layerwise"),           // down
            Ref("Layerwise.IO", "Layerwise.Hub"),                                                         // up
            Ref("Layerwise.Audio", "Layerwise"),                                                          // not listed
        ], "Layerwise");
        Assert.Equal([
            "Layerwise.Audio is not in the layer order",
            "Layerwise.IO.A (layer 2) uses Layerwise.Hub.B (layer 3), which is above it",
        ], found);
    }

    [Theory]
    [InlineData("# no section\n1. `Layerwise`\n")]
    [InlineData("## Layer order\n\nnothing listed\n")]
    [InlineData("## Layer order\n1. `Layerwise.IO`\n2. `Layerwise.IO`\n")]
    [InlineData("## Layer order\n1. IO without backticks\n")]
    public void A_malformed_order_is_refused(string markdown) =>
        Assert.Throws<FormatException>(() => LayerOrder.Parse(markdown));
}
