namespace Probe.Appliance.Configuration;

/// <summary>A configuration problem; the message names the file, the setting and what to do.</summary>
public sealed class ConfigException(string message) : Exception(message);
