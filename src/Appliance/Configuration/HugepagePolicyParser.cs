using Probe.Zbuf.SharedMemory;

namespace Probe.Appliance.Configuration;

internal static class HugepagePolicyParser
{
    public static HugepagePolicy Parse(string text, Action<string> fail)
    {
        switch (text)
        {
            case "prefer": return HugepagePolicy.Prefer;
            case "require": return HugepagePolicy.Require;
            case "never": return HugepagePolicy.Never;
            default:
                fail($"'{text}' is not prefer, require or never");
                return HugepagePolicy.Prefer;
        }
    }
}
