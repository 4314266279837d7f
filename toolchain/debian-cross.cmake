# What the Debian cross toolchain files share (docs/CROSS.md). The including
# file sets CHAINSLIP_CROSS_TRIPLET (the GNU triplet, also Debian's multiarch
# folder), CHAINSLIP_CROSS_PROCESSOR and CHAINSLIP_CROSS_QEMU (the qemu-user
# program that runs the board's binaries on this machine).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR ${CHAINSLIP_CROSS_PROCESSOR})
set(CMAKE_C_COMPILER ${CHAINSLIP_CROSS_TRIPLET}-gcc)
set(CMAKE_CXX_COMPILER ${CHAINSLIP_CROSS_TRIPLET}-g++)

# Debian multiarch: the board's libraries and headers (the :arm64 / :armhf
# -dev packages) live in this machine's own /usr/lib/<triplet> and
# /usr/include/<triplet>, which the cross compiler searches by itself, so
# there is no sysroot. The library architecture makes find_library and
# find_package look in /usr/lib/<triplet> and never in the host's folder.
set(CMAKE_LIBRARY_ARCHITECTURE ${CHAINSLIP_CROSS_TRIPLET})

# ctest (and gtest_discover_tests) run the board's binaries through qemu-user.
# -L /: the board's loader comes with the :arch libc6 onto this machine's own
# root, so no binfmt_misc registration is needed. tests/CMakeLists.txt hands
# the same words to the tests that start the programs.
if(NOT DEFINED CMAKE_CROSSCOMPILING_EMULATOR)
  set(CMAKE_CROSSCOMPILING_EMULATOR /usr/bin/${CHAINSLIP_CROSS_QEMU} -L /)
endif()

# pkg-config reads the board's .pc files and arch-independent ones, never the
# host's. Not again in try_compile's projects (this file is read there too):
# their build folders, and so a zbar.pc in them, are gone when they end.
get_property(_in_try_compile GLOBAL PROPERTY IN_TRY_COMPILE)
if(_in_try_compile)
  return()
endif()
set(_cross_pc_dirs /usr/lib/${CHAINSLIP_CROSS_TRIPLET}/pkgconfig /usr/share/pkgconfig)

# libzbar-dev:<arch> cannot be installed beside the host's libzbar-dev (its
# ImageMagick -dev dependencies are not Multi-Arch: same), so only the board's
# libzbar0 is installed: a zbar.pc in the build folder pairs its library with
# the host's zbar headers (arch-independent, and of the same version, as
# Multi-Arch: same packages must be).
if(NOT EXISTS /usr/lib/${CHAINSLIP_CROSS_TRIPLET}/pkgconfig/zbar.pc
   AND EXISTS /usr/lib/${CHAINSLIP_CROSS_TRIPLET}/libzbar.so.0)
  set(_zbar_dir ${CMAKE_BINARY_DIR}/cross-zbar)
  file(MAKE_DIRECTORY ${_zbar_dir})
  file(CREATE_LINK /usr/lib/${CHAINSLIP_CROSS_TRIPLET}/libzbar.so.0 ${_zbar_dir}/libzbar.so SYMBOLIC)
  file(WRITE ${_zbar_dir}/zbar.pc
    "Name: zbar\nDescription: the board's libzbar0 with the host's zbar headers\nVersion: 0\n"
    "Libs: -L${_zbar_dir} -lzbar\nCflags:\n")
  list(PREPEND _cross_pc_dirs ${_zbar_dir})
endif()
string(JOIN ":" _cross_pc_libdir ${_cross_pc_dirs})
set(ENV{PKG_CONFIG_LIBDIR} "${_cross_pc_libdir}")
unset(ENV{PKG_CONFIG_PATH})
