using System.Runtime.CompilerServices;

// The ABI test compares the internal interop mirrors (XskRing, XdpDesc, ...) with a C compile of the headers.
[assembly: InternalsVisibleTo("AfXdp.Tests")]
