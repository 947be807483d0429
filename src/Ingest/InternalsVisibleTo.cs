using System.Runtime.CompilerServices;

// The backend test projects check the interop mirrors (struct layouts) against C compiles of the native headers.
[assembly: InternalsVisibleTo("Dpdk.Tests")]
[assembly: InternalsVisibleTo("AfXdp.Tests")]
