using ControlPlane.Hosting;

var app = SfuApplication.Build(args);
await app.RunAsync().ConfigureAwait(false);
