# Cross build for 32-bit ARM (ARMv7, hard float) kiosk boards with Debian's
# cross compiler and the :armhf -dev packages (scripts/cross-test.sh armhf
# installs them; docs/CROSS.md).
set(CHAINSLIP_CROSS_TRIPLET arm-linux-gnueabihf)
set(CHAINSLIP_CROSS_PROCESSOR armv7l)
set(CHAINSLIP_CROSS_QEMU qemu-arm)
include(${CMAKE_CURRENT_LIST_DIR}/debian-cross.cmake)
