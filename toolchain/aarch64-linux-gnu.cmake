# Cross build for 64-bit ARM kiosk boards with Debian's cross compiler and the
# :arm64 -dev packages (scripts/cross-test.sh aarch64 installs them; docs/CROSS.md).
set(CHAINSLIP_CROSS_TRIPLET aarch64-linux-gnu)
set(CHAINSLIP_CROSS_PROCESSOR aarch64)
set(CHAINSLIP_CROSS_QEMU qemu-aarch64)
include(${CMAKE_CURRENT_LIST_DIR}/debian-cross.cmake)
