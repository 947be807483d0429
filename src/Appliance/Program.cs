using Probe.Appliance;

return ApplianceCommand.Run(args, Console.Error);
