namespace Probe.Ingest.AfXdp;

/// <summary>How the XDP program is to be attached (the configuration's <c>xdp_mode</c>).</summary>
public enum XdpModeRequest
{
    /// <summary>Native (driver) XDP, or fail: frames are redirected before the kernel builds an skb.</summary>
    Native,
    /// <summary>Generic (skb) XDP: works on every interface, at a fraction of native speed; always copy mode.</summary>
    Generic,
    /// <summary>Native where the driver has it, else generic, with a log line saying so.</summary>
    Auto,
}
