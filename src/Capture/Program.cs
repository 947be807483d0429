using Probe.Capture;

return Zcap.Run(args, Console.Error);
