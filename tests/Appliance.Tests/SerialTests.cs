// One appliance at a time: a test that asks DPDK for more hugepage memory than exists briefly takes every free
// hugepage, and an appliance starting in parallel would then fail for want of pages.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
