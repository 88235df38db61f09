using System.CommandLine;
using System.Reflection;

namespace Layerwise.Cli;

/// <summary>The `layerwise` command: builds the command tree and maps failures to exit codes
/// (0 success, 2 bad input, 1 internal failure); stack traces only with --verbose.</summary>
public static class LayerwiseCli
{
    public const int ExitOk = 0;
    public const int ExitInternal = 1;
    public const int ExitBadInput = 2;

    /// <summary>Shown on every command; set before the action runs.</summary>
    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "More detail on stderr, and stack traces on failure",
        Recursive = true,
    };

    public static RootCommand Build()
    {
        var root = new RootCommand(
            "layerwise: layer-wise analysis of self-supervised speech models for audio deepfake detection. " +
            "Run 'layerwise demo' for the end-to-end job on the built-in synthetic corpus.");
        root.Options.Add(Verbose);
        // The built-in action prints the entry assembly's version (the test host's, in-process).
        foreach (var option in root.Options.OfType<VersionOption>())
            option.Action = new PrintVersion();
        foreach (var command in CommandList.All())
            root.Subcommands.Add(command);
        return root;
    }

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = Build();
        var parse = root.Parse(args);
        bool verbose = args.Contains("--verbose") || args.Contains("-v");
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
                stderr.WriteLine($"layerwise: {error.Message}");
            stderr.WriteLine("Run 'layerwise --help' for usage.");
            return ExitBadInput;
        }
        if (parse.Action is System.CommandLine.Help.HelpAction)
        {
            // Usage lines name the executable (Layerwise.Cli); the command users type is `layerwise`.
            var help = new StringWriter();
            int code = parse.Invoke(new InvocationConfiguration { Output = help, Error = stderr });
            stdout.Write(help.ToString().Replace(RootCommand.ExecutableName + " ", "layerwise ", StringComparison.Ordinal));
            return code;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                EnableDefaultExceptionHandler = false,
            });
        }
        catch (Exception e)
        {
            return Report(e, verbose, stderr);
        }
    }

    /// <summary>Input errors (bad files, bad arguments, missing files) → 2; anything else → 1.</summary>
    public static int Report(Exception e, bool verbose, TextWriter stderr)
    {
        if (e is TargetInvocationException { InnerException: { } inner })
            e = inner;
        bool input = e is LayerwiseInputException or FileNotFoundException or DirectoryNotFoundException
            or ArgumentException or FormatException or InvalidDataException or UnauthorizedAccessException;
        stderr.WriteLine($"layerwise: {(input ? "error" : "internal error")}: {OneLine(e.Message)}");
        if (verbose)
            stderr.WriteLine(e.ToString());
        else if (!input)
            stderr.WriteLine("(run with --verbose for details)");
        return input ? ExitBadInput : ExitInternal;
    }

    sealed class PrintVersion : System.CommandLine.Invocation.SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(Version);
            return ExitOk;
        }
    }

    static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();

    public static string Version =>
        typeof(LayerwiseCli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";
}
