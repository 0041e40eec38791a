from generator.reference import main

main()
