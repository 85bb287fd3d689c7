using CertDesk.Cli;

return await CliApp.RunAsync(args);

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
