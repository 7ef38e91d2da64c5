using LoadGen;

LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"loadgen: {ex.Message}");
    Console.Error.WriteLine(LoadOptions.Usage);
    return 2;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C ends the hold early and hangs every viewer up cleanly.
    e.Cancel = true;
    cancellation.Cancel();
};
return await new LoadRun(options, Console.Out).RunAsync(cancellation.Token);
